# zuoxi center image: Debian 12 with Node 20 and rtpengine (userspace forwarding).
#   docker build -t zuoxi .
#   docker run -v zuoxi-data:/var/lib/zuoxi -v $PWD/zuoxi.config.json:/etc/zuoxi/zuoxi.config.json:ro \
#     --network host zuoxi
# The config's listen addresses must bind 0.0.0.0 (or the host's address) to be reachable,
# and its dataDir should be /var/lib/zuoxi.
FROM node:20-bookworm-slim AS build
WORKDIR /opt/zuoxi
COPY . .
RUN packaging/build-app.sh

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends rtpengine-daemon curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/zuoxi --shell /usr/sbin/nologin zuoxi \
 && install -d -o zuoxi -g zuoxi -m 0750 /var/lib/zuoxi /etc/zuoxi
COPY --from=build /opt/zuoxi /opt/zuoxi
USER zuoxi
WORKDIR /var/lib/zuoxi
VOLUME /var/lib/zuoxi
# SIP, hub (/control, /sync, /metrics, /healthz), SSH wallboard; rtpengine's RTP range per config.
EXPOSE 5060/udp 5060/tcp 7070/tcp 2222/tcp
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD curl --silent --fail --output /dev/null http://127.0.0.1:7070/healthz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/opt/zuoxi/bin/zuoxi.js"]
CMD ["server", "--config", "/etc/zuoxi/zuoxi.config.json"]
