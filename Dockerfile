# Portico in a container: build with Maven and npm, run the distribution tarball on a JRE as a non-root user.
#   docker build -t portico .
#   docker run -p 7070:7070 portico --upstream example.com=xmpp.example.com:5222 --http-public-url ...
# Mount a config at /etc/portico/portico.yaml and pass --config /etc/portico/portico.yaml to use one.
FROM maven:3.9-eclipse-temurin-17 AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package -pl distribution -am \
 && mkdir /dist && tar -xzf distribution/target/portico-*.tar.gz -C /dist && mv /dist/portico-* /dist/portico

FROM eclipse-temurin:17-jre
COPY --from=build /dist/portico /opt/portico
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin portico
USER 10001:10001
EXPOSE 7070
# Inside a container the listener must not be loopback-only; the status page stays loopback-only.
ENTRYPOINT ["/opt/portico/bin/portico", "--bind", "0.0.0.0"]
# No curl in the JRE image: bash's /dev/tcp asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7070 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
