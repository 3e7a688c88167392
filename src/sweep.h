/* sweep: run the experiment over a grid of pool sizes and call counts. */
#ifndef POOLVIZ_SWEEP_H
#define POOLVIZ_SWEEP_H

/* argv[0] is "sweep"; returns the process's exit status. */
int sweep_main(int argc, char **argv);

#endif
