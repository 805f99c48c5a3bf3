# The SmartCloudOps control plane. Built by deploy/images/build.ts (`pnpm images`) from a context
# holding the production bundle staged by control-plane/build/bundle.ts and the Node.js that built
# it; FROM the debootstrap base of deploy/images/build-base.sh (no image registry needed).
ARG BASE=smartcloudops/debian:bookworm
FROM ${BASE}
COPY node /usr/local/bin/node
COPY control-plane /opt/smartcloudops/control-plane
# Non-root: the control plane needs no privilege. Its only local state is PGlite's data directory
# (unused with DATABASE_URL, the production setting).
RUN groupadd --system --gid 10001 scops \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/smartcloudops --shell /usr/sbin/nologin scops \
 && mkdir -p /var/lib/smartcloudops \
 && chown 10001:10001 /var/lib/smartcloudops \
 && chmod 0700 /var/lib/smartcloudops
USER 10001:10001
ENV NODE_ENV=production \
    SCOPS_HOST=0.0.0.0 \
    SCOPS_PORT=8080 \
    SCOPS_DATA_DIR=/var/lib/smartcloudops/control-plane
EXPOSE 8080
VOLUME /var/lib/smartcloudops
# /healthz over plain HTTP on the configured port (with SCOPS_TLS_* set, override this check).
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SCOPS_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "--max-old-space-size=512", "/opt/smartcloudops/control-plane/dist/scops-control-plane.mjs"]
