/* Static files for the dashboard: a file under the web directory, with its content type and an
 * ETag from its size and modification time. Paths with "..", empty or hidden segments are never
 * looked up, and a file whose real path (symbolic links followed) is outside the directory is
 * not served, so nothing outside the directory can be read. */
#include "http/static.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/config.h"
#include "http/http.h"

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".txt", "text/plain; charset=utf-8"},
	{".map", "application/json"},
	{".woff2", "font/woff2"},
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* 1 when every segment of path is a plain name: no "", ".", ".." or hidden file. */
static int safe_path(const char *path)
{
	const char *s = path;

	while (*s == '/') {
		s++;
		if (*s == '.' || *s == '/' || (*s == '\0' && s != path + 1))
			return 0;
		s += strcspn(s, "/");
	}
	return *s == '\0';
}

/* 1 when path, with every symbolic link resolved, lies inside dir (resolved likewise). */
static int inside(const char *dir, const char *path)
{
	char root[PATH_MAX], real[PATH_MAX];
	size_t n;

	if (!realpath(dir, root) || !realpath(path, real))
		return 0;
	n = strlen(root);
	return strncmp(real, root, n) == 0 && real[n] == '/';
}

void static_file(struct request *req)
{
	const char *rel = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
	struct buf path = BUF_INIT;
	struct stat st;
	char etag[64], *body = NULL;
	const char *inm;
	int fd = -1;

	if (strncmp(req->path, "/v1/", 4) == 0 || strcmp(req->path, "/v1") == 0 || !safe_path(rel)) {
		http_send_error(req, 404, "There is nothing at %s.", req->path);
		return;
	}
	if (buf_printf(&path, "%s%s", req->server->config->web_dir, rel) < 0) {
		http_send_out_of_memory(req);
		goto out;
	}
	if (!inside(req->server->config->web_dir, path.data) ||
	    (fd = open(path.data, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode)) {
		http_send_error(req, 404, "There is nothing at %s.", req->path);
		goto out;
	}
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtime);
	http_add_header(req, "ETag", etag);
	http_add_header(req, "Cache-Control", "no-cache");
	if ((inm = http_header(req, "If-None-Match")) && strstr(inm, etag)) {
		http_send(req, 304, NULL, NULL, 0);
		goto out;
	}
	if (!(body = malloc((size_t)st.st_size + 1))) {
		http_send_out_of_memory(req);
		goto out;
	}
	if (read(fd, body, (size_t)st.st_size) != st.st_size) {
		free(body);
		http_send_error(req, 500, "The file could not be read.");
		goto out;
	}
	http_send(req, 200, content_type(rel), body, (size_t)st.st_size);
out:
	if (fd >= 0)
		close(fd);
	buf_free(&path);
}
