/* The export, import and batch commands. Each returns the process's exit code. */
#ifndef SWAPTRACK_TRANSFER_H
#define SWAPTRACK_TRANSFER_H

#include <stddef.h>

int transfer_export(void);
int transfer_import(const char *file, int if_empty, size_t max_line);
/* `swaptrack batch FILE`: the file (or standard input for "-") as POST /v1/batch's body, run by
 * the same code in one transaction on a direct connection, history's actor "cli:<login>".
 * Prints the results to standard output (exit 0), or the problem to standard error (exit 1;
 * nothing stored). if_empty: does nothing (exit 0) when the database holds records, as import. */
int transfer_batch(const char *file, int if_empty);

#endif
