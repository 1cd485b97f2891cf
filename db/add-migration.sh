#!/usr/bin/env bash
# Adds a migration for BOTH providers (SQLite and PostgreSQL keep separate migration sets). Usage: db/add-migration.sh Name
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: db/add-migration.sh MigrationName}"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/VisitsCapture.Core --startup-project src/VisitsCapture.Core \
    --context "${provider}VisitsDbContext" --output-dir "Data/Migrations/$provider"
done
