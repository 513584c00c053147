# Pcpe.Gateway container image (used by docker-compose.yml). Build: docker build -t pcpe-gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Pcpe.Gateway -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The SQLite default lives here when no PostgreSQL is configured.
VOLUME /app/data
ENV ASPNETCORE_URLS=http://+:8080
# Gen0 budget of the workstation collector: its default on small VMs (about 2 MiB) means a collection
# for every 2 MiB allocated; 32 MiB gave 15 % more accepted plans/s (docs/operations.md).
ENV DOTNET_GCgen0size=0x2000000
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Pcpe.Gateway.dll"]
