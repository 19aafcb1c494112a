# syntax=docker/dockerfile:1
# The mlpipe command in a container: `docker run mlpipe:local --help`. Built by docker-compose.yml.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# -Dquick: the image is built from sources `./mvnw -B verify` has checked in CI; skip tests,
# enforcer and the format check here. The Maven cache survives between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dquick -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
RUN groupadd --system mlpipe && useradd --system --gid mlpipe --home-dir /app mlpipe \
    && mkdir -p /var/lib/mlpipe && chown mlpipe:mlpipe /var/lib/mlpipe
# /var/lib/mlpipe: the stages' data dir (state, the shared artifact store). docker-compose.yml
# mounts one named volume here for every stage; a new volume takes this directory's owner.
WORKDIR /app
COPY --from=build /src/cli/target/mlpipe.jar /app/mlpipe.jar
USER mlpipe
ENTRYPOINT ["java","-jar","/app/mlpipe.jar"]
CMD ["--help"]
