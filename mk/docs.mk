# docs.mk: `make docs` rewrites the sample outputs in README.md and docs/*.md
# from real runs (scripts/docs.sh); included by the Makefile.

docs: poolviz
	@sh scripts/docs.sh

.PHONY: docs
