# One image pattern for every service and the partner simulators:
#   docker build --build-arg MODULE=order-service -t commerce/order-service .
# The jar is built beforehand with ./mvnw -q package -DskipTests.
FROM eclipse-temurin:25-jre AS extract
ARG MODULE
WORKDIR /build
COPY ${MODULE}/target/${MODULE}.jar app.jar
# Spring Boot's jarmode tools lay the jar out as app.jar + lib/, which starts faster than the fat jar.
RUN java -Djarmode=tools -jar app.jar extract --destination /extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system commerce && useradd --system --gid commerce --no-create-home commerce
WORKDIR /app
COPY --from=extract /extracted/ /app/
USER commerce
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-jar", "/app/app.jar"]
