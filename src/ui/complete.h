/*
 * complete: Tab completion for both front ends (internal to ui/): commands,
 * lesson ids, demo names, parameter names as KEY= (with their ranges for
 * the candidate list) and, for check, file paths (readline's own).
 */
#ifndef LOCKSTEP_UI_COMPLETE_H
#define LOCKSTEP_UI_COMPLETE_H

struct session;
struct strbuf;

/* Point readline's completion at the session's commands. */
void complete_install(struct session *s);
/* How a candidate should be listed: "children=" becomes
 * "children=  1..16  how many children to fork" when the line names a demo
 * with that parameter; anything else is listed as it is. */
void complete_describe(const char *line, const char *candidate, struct strbuf *out);

#endif
