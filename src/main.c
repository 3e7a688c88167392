/* poolviz: see how libuv's event loop and its thread pool share work. */
#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <uv.h>

#include "experiment.h"
#include "kdf.h"
#include "options.h"
#include "output.h"
#include "record.h"
#include "render_csv.h"
#include "render_json.h"
#include "render_svg.h"
#include "render_style.h"
#include "render_text.h"
#include "render_timeline.h"
#include "render_trace.h"
#include "sweep.h"
#include "usage.h"

#ifndef POOLVIZ_VERSION
#define POOLVIZ_VERSION "0.1.0"
#endif

/* The files the options name: opened before the run, renamed after it. */
struct file {
	const char *opt;
	int (*render)(FILE *, const struct record *);
	struct output_file of;
	bool open;
};

/* One line on stderr, with anything unprintable the user gave replaced. */
static void
complain(const char *msg)
{
	fputs("poolviz: ", stderr);
	for (const char *p = msg; *p != '\0'; p++)
		fputc(iscntrl((unsigned char)*p) ? '?' : *p, stderr);
	fputc('\n', stderr);
}

static int
usage_error(const char *msg)
{
	char line[768];

	snprintf(line, sizeof(line), "%s (see poolviz --help)", msg);
	complain(line);
	return PV_EXIT_USAGE;
}

static int
text_line(void *arg, const struct record *r, const struct record_line *l)
{
	struct output *out = arg;

	return output_note(out, render_text_line(out->f, r, l));
}

static int
text_flush(void *arg)
{
	return output_flush(arg);
}

/* Report what became of stdout; returns the exit status it calls for. */
static int
finish_output(struct output *out, int status)
{
	if (output_close(out) == 0)
		return status;
	if (output_reader_gone(out))
		return 141;
	fprintf(stderr, "poolviz: write error: %s\n", strerror(out->error));
	return PV_EXIT_FAIL;
}

static void
choose_style(struct render_style *st, bool ascii)
{
	struct winsize ws;
	bool tty = isatty(STDOUT_FILENO);
	int cols = tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;

	setlocale(LC_CTYPE, "");
	render_style_choose(st, tty, cols, getenv("COLUMNS"), getenv("NO_COLOR"),
	    nl_langinfo(CODESET), ascii);
}

static void
files_discard(struct file *fs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fs[i].open) {
			output_file_discard(&fs[i].of);
			fs[i].open = false;
		}
}

static int
files_open(struct file *fs, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (fs[i].of.path == NULL)
			continue;
		if (output_file_open(&fs[i].of, fs[i].opt, fs[i].of.path, err,
		    errlen) != 0) {
			files_discard(fs, n);
			return -1;
		}
		fs[i].open = true;
	}
	return 0;
}

/*
 * Render into each file and move it into place. A renderer that fails
 * without a stream error (out of memory) must not leave a partial file.
 */
static int
files_write(struct file *fs, size_t n, const struct record *r, char *err,
    size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (!fs[i].open)
			continue;
		fs[i].open = false;
		if (fs[i].render(fs[i].of.f, r) != 0 && !ferror(fs[i].of.f)) {
			output_file_discard(&fs[i].of);
			snprintf(err, errlen, "%s '%s': cannot render it", fs[i].opt,
			    fs[i].of.path);
		} else if (output_file_commit(&fs[i].of, err, errlen) == 0)
			continue;
		files_discard(fs, n);
		return -1;
	}
	return 0;
}

static void
record_config_from(struct record_config *cfg, const struct options *o)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->calls = o->calls;
	cfg->pool = options_effective_pool(o, getenv("UV_THREADPOOL_SIZE"));
	cfg->iterations = o->iterations;
	cfg->keylen = (size_t)o->keylen;
	snprintf(cfg->digest, sizeof(cfg->digest), "%s", o->digest);
	cfg->sync = o->sync && o->scenario != SCENARIO_STARVE;
	cfg->print_key = o->print_key;
	cfg->scenario = o->scenario;
}

/* Run the experiment and render what it recorded; returns the exit status. */
static int
run(const struct options *o, const struct kdf *kdf, struct file *fs,
    size_t nfs, struct output *out)
{
	struct record_config cfg;
	struct record rec;
	struct experiment_sink sink = { text_line, text_flush, out };
	struct render_style st;
	char err[512];
	int status = PV_EXIT_OK;

	record_config_from(&cfg, o);
	if (record_init(&rec, &cfg, err, sizeof(err)) != 0) {
		complain(err);
		return PV_EXIT_FAIL;
	}
	/* In text mode the lines appear live; other formats come at the end. */
	if (experiment_run(kdf, &rec, o->format == FORMAT_TEXT ? &sink : NULL,
	    err, sizeof(err)) != 0) {
		complain(err);
		status = PV_EXIT_FAIL;
	}
	if (o->format == FORMAT_JSON)
		output_note(out, render_json(out->f, &rec));
	else if (o->format == FORMAT_CSV)
		output_note(out, render_csv(out->f, &rec));
	else if (o->timeline && !output_reader_gone(out)) {
		choose_style(&st, o->ascii);
		output_note(out, render_timeline(out->f, &rec, &st));
	}
	if (files_write(fs, nfs, &rec, err, sizeof(err)) != 0) {
		complain(err);
		status = PV_EXIT_FAIL;
	}
	if (rec.interrupted)
		status = rec.signal == SIGTERM ? PV_EXIT_SIGTERM : PV_EXIT_SIGINT;
	record_free(&rec);
	return status;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct kdf kdf;
	struct kdf_params kp;
	struct file fs[] = {
		{ "--svg", render_svg, { .path = NULL }, false },
		{ "--trace", render_trace, { .path = NULL }, false },
	};
	size_t nfs = sizeof(fs) / sizeof(fs[0]);
	struct output out;
	char err[512];
	int status;

	/* A reader that goes away is an EPIPE to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "sweep") == 0)
		return sweep_main(argc - 1, argv + 1);
	output_init(&out, stdout);

	if (options_parse(&o, argc, argv, err, sizeof(err)) != 0)
		return usage_error(err);
	if (o.help) {
		fputs(usage_text, stdout);
		return finish_output(&out, PV_EXIT_OK);
	}
	if (o.version) {
		printf("poolviz %s (libuv %s, %s)\n", POOLVIZ_VERSION,
		    uv_version_string(), kdf_openssl_version());
		return finish_output(&out, PV_EXIT_OK);
	}

	kp = (struct kdf_params){
		.digest = o.digest,
		.password = o.password, .password_len = strlen(o.password),
		.salt = o.salt, .salt_len = strlen(o.salt),
		.iterations = o.iterations,
	};
	if (kdf_open(&kdf, &kp, err, sizeof(err)) != 0)
		return usage_error(err);
	fs[0].of.path = o.svg_path;
	fs[1].of.path = o.trace_path;
	if (files_open(fs, nfs, err, sizeof(err)) != 0) {
		kdf_close(&kdf);
		return usage_error(err);
	}
	experiment_set_exit_hook(output_discard_all);
	if (o.pool != 0 && experiment_set_pool(o.pool, err, sizeof(err)) != 0) {
		complain(err);
		files_discard(fs, nfs);
		status = PV_EXIT_FAIL;
	} else
		status = run(&o, &kdf, fs, nfs, &out);
	kdf_close(&kdf);
	return finish_output(&out, status);
}
