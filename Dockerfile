# swaptrack in a container: build on Debian 12 with the -dev packages, run on Debian 12 slim with
# only the runtime libraries. docker-compose.yml pairs it with PostgreSQL 15.
FROM debian:12-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev make pkg-config \
      libmicrohttpd-dev libjansson-dev libpq-dev nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile package.json package-lock.json .npmrc ./
COPY server ./server
COPY models ./models
COPY web ./web
RUN make BUILD=/out && make web

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmicrohttpd12 libjansson4 libpq5 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --no-create-home swaptrack
COPY --from=build /out/swaptrack /usr/local/bin/swaptrack
COPY migrations /usr/share/swaptrack/migrations
COPY --from=build /src/web /usr/share/swaptrack/web
# Inside a container the server must listen on all interfaces to be reachable; the compose file
# publishes it on the host's loopback only.
ENV SWAPTRACK_SHARE=/usr/share/swaptrack BIND=0.0.0.0 PORT=8080
USER swaptrack
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["swaptrack"]
CMD ["serve"]
