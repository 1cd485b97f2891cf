using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data.Configurations;

internal sealed class SessionTemplateConfiguration : IEntityTypeConfiguration<SessionTemplate>
{
    public void Configure(EntityTypeBuilder<SessionTemplate> b)
    {
        b.HasOne(t => t.Establishment).WithMany().HasForeignKey(t => t.EstablishmentId);
        b.HasIndex(t => new { t.EstablishmentId, t.DayOfWeek, t.ValidFrom });
        b.Property(t => t.DayOfWeek).HasConversion<int>();
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.HasOne(s => s.Establishment).WithMany().HasForeignKey(s => s.EstablishmentId);
        // Sessions are keyed by establishment, date and start in files and templates alike.
        b.HasIndex(s => new { s.EstablishmentId, s.Date, s.Start }).IsUnique();
        b.HasIndex(s => new { s.EstablishmentId, s.Month });
        b.Property(s => s.CancellationReason).HasMaxLength(500);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.HasIndex(v => v.ClientId).IsUnique();
        b.HasOne(v => v.Session).WithMany(s => s.Visits).HasForeignKey(v => v.SessionId);
        // Covering index for monthly KPIs per establishment (ENGINEERING.md §4.3).
        b.HasIndex(v => new { v.EstablishmentId, v.Month, v.Outcome, v.Removed });
        b.HasIndex(v => new { v.EstablishmentId, v.Prisoner });
        // Covering index for some prisoners' visits between two dates (family contact on arrival and before leaving: the
        // month's arrivals and leavers), sought prisoner by prisoner without reading the visits' rows (issue 13).
        b.HasIndex(v => new { v.Prisoner, v.Date, v.Outcome, v.Removed, v.EstablishmentId, v.SessionId })
            .HasDatabaseName("IX_Visits_Prisoner_Date");
        b.Property(v => v.Prisoner).HasMaxLength(7);
        b.Property(v => v.VisitorDistrict).HasMaxLength(4);
        b.Property(v => v.TableNumber).HasMaxLength(10);
        b.Property(v => v.ReviewReason).HasMaxLength(500);
        b.Property(v => v.PayloadHash).HasMaxLength(64);
        b.Property(v => v.CreatedBy).HasMaxLength(256);
        b.Property(v => v.Version).IsConcurrencyToken();
        b.Ignore(v => v.Children);
        b.Ignore(v => v.Visitors);
    }
}

internal sealed class PopulationSnapshotConfiguration : IEntityTypeConfiguration<PopulationSnapshot>
{
    public void Configure(EntityTypeBuilder<PopulationSnapshot> b)
    {
        b.HasOne(s => s.Establishment).WithMany().HasForeignKey(s => s.EstablishmentId);
        b.HasIndex(s => new { s.EstablishmentId, s.SnapshotDate }).IsUnique();
        b.HasIndex(s => new { s.EstablishmentId, s.Month });
        b.HasMany(s => s.Records).WithOne().HasForeignKey(r => r.SnapshotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PopulationRecordConfiguration : IEntityTypeConfiguration<PopulationRecord>
{
    public void Configure(EntityTypeBuilder<PopulationRecord> b)
    {
        b.HasIndex(r => new { r.SnapshotId, r.Prisoner }).IsUnique();
        b.Property(r => r.Prisoner).HasMaxLength(7);
        b.Property(r => r.HomeDistrict).HasMaxLength(4);
        b.Property(r => r.UnknownHomeReason).HasMaxLength(100);
    }
}
