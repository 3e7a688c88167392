/* machine_by_hand: machine facts made by hand, for test_machine and test_busy. */
#ifndef POOLVIZ_MACHINE_BY_HAND_H
#define POOLVIZ_MACHINE_BY_HAND_H

#include <string.h>

#include "core/machine.h"

/* Hand-made facts: n CPUs 0..n-1, and a quota when q > 0. */
static inline void
facts_by_hand(struct machine_facts *f, int n, double q, enum machine_cgroup g)
{
	int list[64];

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < n; i++)
		list[i] = i;
	f->quota.cgroup = g;
	f->quota.limited = q > 0;
	f->quota.cpus = q > 0 ? q : 0;
	machine_facts_set_cpus(f, list, n);
}

#endif
