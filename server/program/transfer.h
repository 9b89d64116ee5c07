/* The export and import commands. Both return the process's exit code. */
#ifndef SWAPTRACK_TRANSFER_H
#define SWAPTRACK_TRANSFER_H

int transfer_export(void);
int transfer_import(const char *file, int if_empty);

#endif
