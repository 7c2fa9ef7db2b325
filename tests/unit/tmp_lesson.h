/*
 * tmp_lesson: a cmocka fixture for tests that write a lesson to disk. The
 * setup makes a fresh ROOT/01-tmp folder (ROOT from mkdtemp); the teardown
 * removes it, and frees t->l if the test left a lesson there, even when
 * the test failed. Include after cmocka.h.
 */
#ifndef LOCKSTEP_TEST_TMP_LESSON_H
#define LOCKSTEP_TEST_TMP_LESSON_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "lesson/lesson.h"
#include "util/fileio.h"
#include "util/xalloc.h"

struct tmp {
	char root[64];
	char dir[96];
	struct lesson *l;	/* a lesson the test loaded, or NULL */
};

static int tmp_setup(void **state)
{
	struct tmp *t = xcalloc(1, sizeof *t);
	snprintf(t->root, sizeof t->root, "/tmp/lockstep-unit.XXXXXX");
	if (!mkdtemp(t->root)) {
		free(t);
		return -1;
	}
	snprintf(t->dir, sizeof t->dir, "%s/01-tmp", t->root);
	if (mkdir(t->dir, 0700) < 0) {
		remove_tree(t->root);
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	int rc = remove_tree(t->root);
	if (t->l)
		lesson_free(t->l);
	free(t);
	return rc;
}

#endif
