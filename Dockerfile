# Slidestream service image. Build: docker build -t slidestream .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
COPY tiling tiling
COPY models models
COPY stream-app stream-app
# The reactor names the benchmarks' module, so its pom comes along; only the service is built.
COPY bench/pom.xml bench/pom.xml
COPY conf conf
RUN mvn -B -ntp -q -DskipTests -pl stream-app -am package

FROM eclipse-temurin:17-jre
# Native slide readers: OpenSlide for every vendor format, libjpeg-turbo for fast JPEG tiles;
# curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopenslide0 libturbojpeg0 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/slidestream
COPY bin bin
COPY --from=build /src/stream-app/target/slidestream-app.jar stream-app/target/slidestream-app.jar
COPY --from=build /src/stream-app/target/lib stream-app/target/lib
# No bench/: the image holds the service's artifact alone, so its CLI has no bench subcommand.
# The operations endpoints on a fixed port (still on loopback: to scrape from another container,
# set SLIDESTREAM_HTTP_HOST=0.0.0.0 and a token, README "Operations").
ENV SLIDESTREAM_NO_BUILD=1 \
    SLIDESTREAM_WORK_DIR=/var/lib/slidestream \
    SLIDESTREAM_HTTP_PORT=9464
VOLUME ["/var/lib/slidestream"]
# Healthy while /health/ready answers 200: broker, topics, consumer group, model and output stores.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SLIDESTREAM_HTTP_PORT}/health/ready" || exit 1
ENTRYPOINT ["/opt/slidestream/bin/slidestream"]
CMD ["serve"]
