/* asm: print one function's machine code from the listing the build wrote
 * next to the demo (see probe.h, probe_asm). */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "  1c:\tmov ...": an address, a colon and a tab. */
static bool is_instruction(const char *line)
{
	size_t sp = strspn(line, " ");
	size_t hex = strspn(line + sp, "0123456789abcdef");
	return hex > 0 && line[sp + hex] == ':' && line[sp + hex + 1] == '\t';
}

bool probe_asm_file(const char *path, const char *function, FILE *out)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "no machine code listing at %s (%s); the build writes it with objdump\n",
			path, strerror(errno));
		return false;
	}
	char header[256], line[1024];
	snprintf(header, sizeof header, "<%s>:", function);
	/* 0: looking for the header; 1: in the function, before its definition
	 * line (objdump -S shows a few source lines of context before it);
	 * 2: printing, until the blank line that ends the function. */
	int state = 0;
	while (fgets(line, sizeof line, f)) {
		if (state == 0) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			size_t n = strlen(line), h = strlen(header);
			if (n >= h && !strcmp(line + n - h, header)) {
				fprintf(out, "%s\n", line);
				state = 1;
			}
			continue;
		}
		if (line[0] == '\n')
			break;
		if (state == 1 && !strstr(line, function) && !is_instruction(line))
			continue;	/* context before the definition */
		state = 2;
		/* Tabs expanded: the output pane and a pipe agree on spaces. */
		for (int col = 0, i = 0; line[i]; i++)
			if (line[i] == '\t')
				do
					fputc(' ', out);
				while (++col % 8);
			else
				fputc(line[i], out), col++;
	}
	fclose(f);
	if (state == 0) {
		fprintf(stderr, "no function %s in the machine code listing %s\n", function, path);
		return false;
	}
	return true;
}

bool probe_asm(const char *function)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 5);
	if (n < 0) {
		perror("cannot find this program's file (/proc/self/exe)");
		return false;
	}
	strcpy(path + n, ".asm");
	fflush(stdout);
	return probe_asm_file(path, function, stdout);
}
