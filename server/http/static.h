/* The dashboard's files, served from the web directory. */
#ifndef SWAPTRACK_STATIC_H
#define SWAPTRACK_STATIC_H

struct request;

/* GET/HEAD of any path outside the API: the file under web_dir, "/" meaning index.html. */
void static_file(struct request *req);

#endif
