# The SmartCloudOps agent. Built by deploy/images/build.ts (`pnpm images`) from an extracted
# release tarball (`pnpm release`: bundle, linux CPU ONNX Runtime, default model, Node.js), its
# files checked against the release's SHA256SUMS; FROM the debootstrap base of build-base.sh.
ARG BASE=smartcloudops/debian:bookworm
FROM ${BASE}
COPY release /opt/smartcloudops/current
RUN cd /opt/smartcloudops/current \
 && sha256sum -c --quiet --strict SHA256SUMS \
 && ln -s /opt/smartcloudops/current/node/bin/node /usr/local/bin/node \
 && groupadd --system --gid 10001 scops \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/smartcloudops --shell /usr/sbin/nologin scops \
 && mkdir -p /var/lib/smartcloudops /etc/smartcloudops \
 && chown 10001:10001 /var/lib/smartcloudops \
 && chmod 0700 /var/lib/smartcloudops \
 && printf 'policy:\n  actions:\n    send_alert: {}\n' >/etc/smartcloudops/agent.yaml
# Non-root by default: host metrics come from /proc and /sys, readable without privilege. Container
# actions need the Docker socket: mount it read-write and add the socket's group (compose:
# `group_add`, Kubernetes: `supplementalGroups`) ONLY when the local policy allows such actions.
USER 10001:10001
ENV SCOPS_STATE_DIR=/var/lib/smartcloudops \
    SCOPS_CONFIG=/etc/smartcloudops/agent.yaml \
    MALLOC_ARENA_MAX=2
VOLUME /var/lib/smartcloudops
# Healthy once the agent has enrolled and applied the control plane's desired state at least once
# (it then keeps remediating on that state while the control plane is unreachable).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["/bin/sh", "-c", "test -s /var/lib/smartcloudops/credential.json && test -s /var/lib/smartcloudops/desired-state.json"]
STOPSIGNAL SIGTERM
# The systemd unit's node flags (deploy/systemd/scops-agent.service says why).
ENTRYPOINT ["node", "--max-old-space-size=256", "--max-semi-space-size=1", "--single-threaded-gc", "/opt/smartcloudops/current/agent/dist/scops-agent.mjs"]
CMD ["run"]
