/* usage: the text of --help, which reads like the man page's synopsis. */
#ifndef POOLVIZ_USAGE_H
#define POOLVIZ_USAGE_H

extern const char usage_text[];

#endif
