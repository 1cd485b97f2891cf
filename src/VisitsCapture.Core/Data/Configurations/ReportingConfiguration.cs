using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data.Configurations;

internal sealed class KpiTargetConfiguration : IEntityTypeConfiguration<KpiTarget>
{
    public void Configure(EntityTypeBuilder<KpiTarget> b)
    {
        b.HasOne<Establishment>().WithMany().HasForeignKey(t => t.EstablishmentId);
        b.HasOne<FamilyGroup>().WithMany().HasForeignKey(t => t.FamilyGroupId);
        b.HasIndex(t => new { t.Kpi, t.EstablishmentId, t.FamilyGroupId });
    }
}

internal sealed class MonthlyKpiConfiguration : IEntityTypeConfiguration<MonthlyKpi>
{
    public void Configure(EntityTypeBuilder<MonthlyKpi> b)
    {
        b.HasOne<Establishment>().WithMany().HasForeignKey(k => k.EstablishmentId);
        b.HasIndex(k => new { k.EstablishmentId, k.Month }).IsUnique();
        b.HasIndex(k => k.Month);
        b.ComplexProperty(k => k.Counts);
    }
}

internal sealed class MonthlyReturnConfiguration : IEntityTypeConfiguration<MonthlyReturn>
{
    public void Configure(EntityTypeBuilder<MonthlyReturn> b)
    {
        b.HasOne(r => r.Establishment).WithMany().HasForeignKey(r => r.EstablishmentId);
        b.HasIndex(r => new { r.EstablishmentId, r.Month, r.Version }).IsUnique();
        b.HasIndex(r => r.Month);
        b.ComplexProperty(r => r.Counts);
        b.Property(r => r.FamilyGroup).HasMaxLength(100);
        b.Property(r => r.ContentHash).HasMaxLength(64);
        b.Property(r => r.SignedOffBy).HasMaxLength(256);
        b.Property(r => r.SignOffComment).HasMaxLength(1000);
        b.Property(r => r.RevisionReason).HasMaxLength(2000);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.EntityType, a.EntityKey });
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(60);
        b.Property(a => a.EntityType).HasMaxLength(60);
        b.Property(a => a.EntityKey).HasMaxLength(100);
    }
}

internal sealed class RoleGrantConfiguration : IEntityTypeConfiguration<RoleGrant>
{
    public void Configure(EntityTypeBuilder<RoleGrant> b)
    {
        b.HasOne(g => g.User).WithMany(u => u.Grants).HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(g => g.Establishment).WithMany().HasForeignKey(g => g.EstablishmentId);
        b.Property(g => g.Role).HasMaxLength(40);
        b.Property(g => g.Region).HasMaxLength(100);
        b.HasIndex(g => new { g.UserId, g.Role, g.EstablishmentId, g.Region }).IsUnique();
        b.Ignore(g => g.ScopeDescription);
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.Property(r => r.Kind).HasMaxLength(40);
        b.Property(r => r.FileName).HasMaxLength(260);
        b.Property(r => r.Summary).HasMaxLength(2000);
        b.HasIndex(r => r.StartedAt);
    }
}
