# One image recipe for all ten apps (the nine services and the partner simulators).
# The jar is built beforehand on the host with ./mvnw -q package -DskipTests; this file only packages it:
#   docker build --build-arg MODULE=order-service -t commerce/order-service .
# docker-compose.yml passes MODULE for every service.

# Stage 1: unpack the Spring Boot fat jar with Boot's jarmode tools. The result is
# /extracted/app.jar (application classes, with a manifest class path pointing at lib/) plus /extracted/lib/.
FROM eclipse-temurin:25-jre AS extract
ARG MODULE
RUN test -n "${MODULE}" || { echo "set --build-arg MODULE=<module directory>" >&2; exit 1; }
WORKDIR /build
COPY ${MODULE}/target/${MODULE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --destination /extracted

# Stage 2: the runtime image, running the extracted jar as an unprivileged user.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 commerce \
    && useradd --system --uid 10001 --gid commerce --no-create-home --shell /usr/sbin/nologin commerce
WORKDIR /app
COPY --from=extract /extracted/ /app/
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
