# Pcpe.Gateway container image (used by docker-compose.yml). Build: docker build -t pcpe-gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
# ReadyToRun: the gateway and its libraries ship precompiled, so the JIT has less to do in the first minutes
# after a (re)start, when it competes with the intake for the cores (docs/performance.md, "Runtime settings
# and the first minute").
RUN dotnet publish src/Pcpe.Gateway -c Release -a ${TARGETARCH:-amd64} -p:PublishReadyToRun=true -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The SQLite default lives here when no PostgreSQL is configured.
VOLUME /app/data
ENV ASPNETCORE_URLS=http://+:8080
# Gen0 budget of the workstation collector: its default on small VMs (about 2 MiB) means a collection
# for every 2 MiB allocated; 32 MiB lets the gateway accept more plans/s (docs/performance.md, "Runtime
# settings and the first minute"; docs/operations.md says where else to set it).
ENV DOTNET_GCgen0size=0x2000000
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Pcpe.Gateway.dll"]
