/* argv: getopt_long's helpers that poolviz and poolviz sweep share. */
#ifndef POOLVIZ_ARGV_H
#define POOLVIZ_ARGV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An error message echoes at most this many bytes of a value, then "...". */
#define ARGV_ECHO_MAX		40
#define ARGV_ECHO_SIZE		(ARGV_ECHO_MAX + 4)

struct option;

const char *argv_echo(const char *s, char *buf, size_t len);
int argv_parse_u64(const char *opt, const char *s, uint64_t min,
    uint64_t max, uint64_t *out, char *err, size_t errlen);
int argv_parse_path(const char *opt, const char *s, const char **out,
    char *err, size_t errlen);
int argv_value_is_option(const char *opt, const char *value, bool path,
    const struct option *opts, const char *shorts, char *err,
    size_t errlen);
int argv_check_value(int ch, int argc, char **argv, bool path,
    const struct option *opts, const char *shorts, char *err,
    size_t errlen);
const char *argv_name(int argc, char **argv, char *buf, size_t len);
void argv_getopt_error(int ch, int argc, char **argv,
    const struct option *opts, char *err, size_t errlen);
int argv_no_operands(int argc, char **argv, const char *who, char *err,
    size_t errlen);

#endif
