/* render_doctor: the doctor's findings as text lines or one JSON document. */
#include <stdio.h>
#include <string.h>

#include "doctor/doctor.h"
#include "render/jsonw.h"

#ifndef POOLVIZ_VERSION
#define POOLVIZ_VERSION "0.1.0"
#endif

#define SENTENCE	1024

static void
short_version(char *buf, size_t len, unsigned uv)
{
	snprintf(buf, len, "%u.%u", uv >> 16 & 0xff, uv >> 8 & 0xff);
}

/* "what libuv counts" for uv_available_parallelism(). */
static void
counting(char *buf, size_t len, const struct doctor_report *r)
{
	char v[16];

	short_version(v, sizeof(v), r->uv);
	if (!r->counts_quota)
		snprintf(buf, len, "libuv %s counts the affinity mask only "
		    "(cgroup quotas count since 1.49, cgroup v2 hierarchies "
		    "since 1.51)", v);
	else if (!doctor_counts_v2_hierarchy(r->uv))
		snprintf(buf, len, "libuv %s counts the affinity and its own "
		    "cgroup's quota, in whole CPUs (a cgroup v2 parent's quota "
		    "counts since 1.51)", v);
	else
		snprintf(buf, len, "libuv %s counts the affinity and the "
		    "tightest cgroup quota, in whole CPUs", v);
}

/* text and a full stop at the indent, words wrapped before column 80. */
static void
wrap(FILE *f, const char *first, const char *text)
{
	const char *p = text;
	size_t col;

	fputs(first, f);
	col = strlen(first);
	while (*p != '\0') {
		size_t word = strcspn(p, " ");

		if (col > 7 && col + 1 + word > 79) {
			fputs("\n       ", f);
			col = 7;
		} else if (p != text) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, word, f);
		col += word;
		p += word;
		while (*p == ' ')
			p++;
	}
	fputs(".\n", f);
}

int
render_doctor_text(FILE *f, const struct doctor_report *r)
{
	const struct machine_facts *m = &r->facts;
	char why[SENTENCE], warn[SENTENCE], count[SENTENCE];
	char line[SENTENCE + 64];
	unsigned n = r->pool.size;

	doctor_why(why, sizeof(why), r);
	doctor_warning(warn, sizeof(warn), r);
	counting(count, sizeof(count), r);
	fprintf(f, "poolviz doctor: libuv %s, as linked at run time\n\n",
	    r->uv_string);
	fprintf(f, "pool   %u %s\n", n, n == 1 ? "thread" : "threads");
	wrap(f, "       ", why);
	if (r->pool.source != DOCTOR_SOURCE_OPTION)
		fprintf(f, "       libuv reads the variable once, when the "
		    "first work reaches the pool;\n       setting it later "
		    "(process.env in Node) changes nothing.\n");
	fprintf(f, "dns    at most %u of the %u %s run%s lookups at once\n",
	    r->dns.cap, n, n == 1 ? "worker" : "workers", n == 1 ? "s" : "");
	if (r->dns.capped)
		fprintf(f, "       libuv caps slow I/O (getaddrinfo, "
		    "getnameinfo) at (n + 1) / 2 workers\n       since 1.23.1; "
		    "file system and CPU work (uv_queue_work) may use all %u.\n",
		    n);
	else
		fprintf(f, "       libuv before 1.23.1 has no cap: slow "
		    "lookups can hold every worker.\n");
	fprintf(f, "cpus   affinity %d", m->cpus.count);
	if (m->quota.limited)
		fprintf(f, "; %s quota %.4g CPUs (the tightest up the "
		    "hierarchy)", machine_cgroup_name(m->quota.cgroup),
		    m->quota.cpus);
	else
		fprintf(f, "; no cgroup quota (%s)",
		    machine_cgroup_name(m->quota.cgroup));
	if (snprintf(line, sizeof(line), "uv_available_parallelism() returns "
	    "%u: %s", r->available_parallelism, count) >= (int)sizeof(line))
		return -1;
	fputc('\n', f);
	wrap(f, "       ", line);
	if (warn[0] != '\0') {
		fputc('\n', f);
		wrap(f, "warning: ", warn);
	}
	return ferror(f) ? -1 : 0;
}

static json_t *
env_json(const struct doctor_pool *p)
{
	json_t *o;
	int bad = 0;

	if (!p->env_set)
		return json_null();
	o = json_object();
	jsonw_set(o, "value", json_string(p->env_shown), &bad);
	jsonw_set(o, "bytes", json_integer((json_int_t)p->env_bytes), &bad);
	jsonw_set(o, "truncated", json_boolean(p->env_truncated), &bad);
	jsonw_set(o, "read", json_boolean(p->env_read), &bad);
	jsonw_set(o, "atoi", p->env_read ? json_integer(p->atoi) :
	    json_null(), &bad);
	return jsonw_checked(o, bad);
}

int
render_doctor_json(FILE *f, const struct doctor_report *r)
{
	const struct machine_facts *m = &r->facts;
	char why[SENTENCE], warn[SENTENCE];
	json_t *doc, *lib, *pool, *dns, *cpus, *quota, *warnings;
	int bad = 0;

	doctor_why(why, sizeof(why), r);
	doctor_warning(warn, sizeof(warn), r);

	lib = json_object();
	jsonw_set(lib, "version", json_string(r->uv_string), &bad);
	jsonw_set(lib, "max_pool", json_integer(doctor_max_pool(r->uv)), &bad);
	jsonw_set(lib, "env_buffer", doctor_reads_env_into_buffer(r->uv) ?
	    json_integer(16) : json_null(), &bad);
	jsonw_set(lib, "dns_cap", json_boolean(r->dns.capped), &bad);
	jsonw_set(lib, "counts_quota", json_boolean(r->counts_quota), &bad);

	pool = json_object();
	jsonw_set(pool, "size", json_integer(r->pool.size), &bad);
	jsonw_set(pool, "source",
	    json_string(doctor_source_name(r->pool.source)), &bad);
	jsonw_set(pool, "why", json_string(why), &bad);
	jsonw_set(pool, "env", env_json(&r->pool), &bad);

	dns = json_object();
	jsonw_set(dns, "cap", json_integer(r->dns.cap), &bad);
	jsonw_set(dns, "other_workers",
	    json_integer(r->pool.size - r->dns.cap), &bad);

	if (m->quota.limited) {
		quota = json_object();
		jsonw_set(quota, "cgroup",
		    json_string(machine_cgroup_name(m->quota.cgroup)), &bad);
		jsonw_set(quota, "cpus", json_real(m->quota.cpus), &bad);
	} else
		quota = json_null();
	cpus = json_object();
	jsonw_set(cpus, "affinity", m->cpus.count > 0 ?
	    json_integer(m->cpus.count) : json_null(), &bad);
	jsonw_set(cpus, "quota", quota, &bad);
	jsonw_set(cpus, "usable", m->usable_cpus > 0 ?
	    json_real(m->usable_cpus) : json_null(), &bad);
	jsonw_set(cpus, "available_parallelism",
	    json_integer(r->available_parallelism), &bad);

	warnings = json_array();
	if (warn[0] != '\0')
		jsonw_append(warnings, json_string(warn), &bad);

	doc = json_object();
	jsonw_set(doc, "tool", json_string("poolviz"), &bad);
	jsonw_set(doc, "version", json_string(POOLVIZ_VERSION), &bad);
	jsonw_set(doc, "schema", json_integer(1), &bad);
	jsonw_set(doc, "command", json_string("doctor"), &bad);
	jsonw_set(doc, "libuv", lib, &bad);
	jsonw_set(doc, "pool", pool, &bad);
	jsonw_set(doc, "dns", dns, &bad);
	jsonw_set(doc, "cpus", cpus, &bad);
	jsonw_set(doc, "warnings", warnings, &bad);
	doc = jsonw_checked(doc, bad);
	return doc == NULL ? -1 : jsonw_dump(f, doc);
}
