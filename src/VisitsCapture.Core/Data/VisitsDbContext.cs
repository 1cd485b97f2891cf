using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Kpis;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Core.Data;

/// <summary>
/// The one database of VisitsCapture. The model is provider-neutral; <see cref="SqliteVisitsDbContext"/> and
/// <see cref="PostgresVisitsDbContext"/> exist only so that each provider keeps its own migrations.
/// </summary>
public abstract class VisitsDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Establishment> Establishments => Set<Establishment>();
    public DbSet<EstablishmentAttributes> EstablishmentHistory => Set<EstablishmentAttributes>();
    public DbSet<EstablishmentLineage> Lineage => Set<EstablishmentLineage>();
    public DbSet<FamilyGroup> FamilyGroups => Set<FamilyGroup>();
    public DbSet<FamilyGroupMembership> FamilyGroupMemberships => Set<FamilyGroupMembership>();
    public DbSet<SessionTemplate> SessionTemplates => Set<SessionTemplate>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<PopulationSnapshot> PopulationSnapshots => Set<PopulationSnapshot>();
    public DbSet<PopulationRecord> PopulationRecords => Set<PopulationRecord>();
    public DbSet<PostcodeDistrict> PostcodeDistricts => Set<PostcodeDistrict>();
    public DbSet<KpiTarget> Targets => Set<KpiTarget>();
    public DbSet<MonthlyKpi> MonthlyKpis => Set<MonthlyKpi>();
    public DbSet<MonthlyReturn> MonthlyReturns => Set<MonthlyReturn>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<RoleGrant> RoleGrants => Set<RoleGrant>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<Standard> Standards => Set<Standard>();
    public DbSet<ChecklistVersion> ChecklistVersions => Set<ChecklistVersion>();
    public DbSet<StandardAudit> StandardAudits => Set<StandardAudit>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<TrainingCompletion> TrainingCompletions => Set<TrainingCompletion>();
    public DbSet<Intervention> Interventions => Set<Intervention>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(VisitsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in both databases and stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }
}

public sealed class SqliteVisitsDbContext : VisitsDbContext
{
    public SqliteVisitsDbContext(DbContextOptions<SqliteVisitsDbContext> options)
        : base(options)
    {
        // Every save in a transaction, even of one row, so that it enters the write gate (SqliteWriteGate) at its start.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }
}

public sealed class PostgresVisitsDbContext(DbContextOptions<PostgresVisitsDbContext> options) : VisitsDbContext(options);
