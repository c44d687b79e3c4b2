# Multi-stage build of the web host (dashboard, API, hub, Hangfire server in one process).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props FusionMonitor.sln ./
COPY src/ src/
COPY models/ models/
RUN dotnet publish src/FusionMonitor.Web/FusionMonitor.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:5080 \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 5080
# The embedded SQLite default would write under /app/data; with PostgreSQL configured nothing is written locally.
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 CMD ["dotnet", "FusionMonitor.Web.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "FusionMonitor.Web.dll"]
