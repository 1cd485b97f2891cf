# VisitsCapture: multi-stage build. Front-end packages from npm, the app from the .NET SDK, run on aspnet:10.0.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/src/VisitsCapture.Web
COPY src/VisitsCapture.Web/package.json src/VisitsCapture.Web/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props VisitsCapture.sln ./
COPY src/VisitsCapture.Core/VisitsCapture.Core.csproj src/VisitsCapture.Core/
COPY src/VisitsCapture.Web/VisitsCapture.Web.csproj src/VisitsCapture.Web/
RUN dotnet restore src/VisitsCapture.Web/VisitsCapture.Web.csproj -a $TARGETARCH
COPY src/ src/
COPY --from=frontend /src/src/VisitsCapture.Web/node_modules src/VisitsCapture.Web/node_modules
# Compiled ahead of time (ReadyToRun): a command such as `returns generate` runs in a new process, and without it most of
# its first seconds are the JIT (a national month, docs/performance.md: about 6 s end to end without it, 4 s with it).
RUN dotnet publish src/VisitsCapture.Web/VisitsCapture.Web.csproj -c Release -a $TARGETARCH --self-contained false -p:PublishReadyToRun=true -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends tzdata curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system visits && useradd --system --gid visits --home /app visits \
    && mkdir -p /data /app/keys && chown visits:visits /data /app/keys
WORKDIR /app
COPY --from=build /app .
USER visits
ENV ASPNETCORE_URLS=http://+:8080 \
    ConnectionStrings__VisitsCapture="Data Source=/data/visitscapture.db" \
    ReferenceData__Path=/reference \
    ASPNETCORE_FORWARDEDHEADERS_ENABLED=true
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD curl -fsS http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "VisitsCapture.Web.dll"]
