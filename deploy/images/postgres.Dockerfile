# PostgreSQL 15 for deploy/compose/, from Debian's own package on the debootstrap base (no image
# registry needed). Built by deploy/images/build.ts with `docker build --network host` (apt needs
# the Debian mirror). For production, prefer your managed PostgreSQL: see deploy/README.md.
ARG BASE=smartcloudops/debian:bookworm
FROM ${BASE}
RUN apt-get update -q \
 && apt-get install -y -q --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && mkdir -p /var/lib/postgresql/data \
 && chown postgres:postgres /var/lib/postgresql/data \
 && chmod 0700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
USER postgres
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data \
    POSTGRES_PORT=5432 \
    POSTGRES_LISTEN=127.0.0.1
VOLUME /var/lib/postgresql/data
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=5 \
  CMD ["/bin/sh", "-c", "pg_isready -q -h \"$POSTGRES_LISTEN\" -p \"$POSTGRES_PORT\""]
STOPSIGNAL SIGINT
ENTRYPOINT ["/bin/sh", "/usr/local/bin/postgres-entrypoint"]
