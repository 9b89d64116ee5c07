/* Out of memory, noticed per thread. A buffer whose growth failed (buf.c) and a failed
 * allocation of Jansson's (oom_init routes them here) are noted, because what failed does not
 * always say so where it is used: Jansson's parser drops a byte it could not keep and goes on,
 * and a value that json_object_set_new could not add is simply missing. The two exits that a
 * request's work leaves by look at the note: db_commit commits nothing, and http_send sends
 * nothing but 503, once memory ran out in the request (the HTTP layer clears the note when a
 * request's handler begins). */
#ifndef SWAPTRACK_OOM_H
#define SWAPTRACK_OOM_H

/* Makes Jansson allocate through malloc with failures noted; call once, before any JSON. */
void oom_init(void);
/* An allocation failed on this thread. */
void oom_note(void);
/* Whether one did since the last oom_clear on this thread. */
int oom_seen(void);
void oom_clear(void);

#endif
