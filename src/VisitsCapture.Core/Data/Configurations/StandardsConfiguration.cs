using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data.Configurations;

internal sealed class StandardConfiguration : IEntityTypeConfiguration<Standard>
{
    public void Configure(EntityTypeBuilder<Standard> b)
    {
        b.Property(s => s.Code).HasMaxLength(10);
        b.Property(s => s.Name).HasMaxLength(200);
        b.HasIndex(s => s.Code).IsUnique();
        b.HasMany(s => s.Versions).WithOne(v => v.Standard).HasForeignKey(v => v.StandardId);
    }
}

internal sealed class ChecklistVersionConfiguration : IEntityTypeConfiguration<ChecklistVersion>
{
    public void Configure(EntityTypeBuilder<ChecklistVersion> b)
    {
        b.HasIndex(v => new { v.StandardId, v.Version }).IsUnique();
        b.HasMany(v => v.Items).WithOne().HasForeignKey(i => i.ChecklistVersionId);
    }
}

internal sealed class ChecklistItemConfiguration : IEntityTypeConfiguration<ChecklistItem>
{
    public void Configure(EntityTypeBuilder<ChecklistItem> b)
    {
        b.Property(i => i.Text).HasMaxLength(300);
        b.HasIndex(i => new { i.ChecklistVersionId, i.Position }).IsUnique();
    }
}

internal sealed class StandardAuditConfiguration : IEntityTypeConfiguration<StandardAudit>
{
    public void Configure(EntityTypeBuilder<StandardAudit> b)
    {
        b.HasOne(a => a.Establishment).WithMany().HasForeignKey(a => a.EstablishmentId);
        b.HasOne(a => a.Standard).WithMany().HasForeignKey(a => a.StandardId);
        b.HasOne(a => a.ChecklistVersion).WithMany().HasForeignKey(a => a.ChecklistVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StandardAudit>().WithMany().HasForeignKey(a => a.SupersedesId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Results).WithOne().HasForeignKey(r => r.StandardAuditId);
        b.Property(a => a.Area).HasMaxLength(100);
        b.Property(a => a.Auditor).HasMaxLength(100);
        b.HasIndex(a => new { a.EstablishmentId, a.StandardId, a.AuditDate });
    }
}

internal sealed class AuditItemResultConfiguration : IEntityTypeConfiguration<AuditItemResult>
{
    public void Configure(EntityTypeBuilder<AuditItemResult> b)
    {
        b.HasOne<ChecklistItem>().WithMany().HasForeignKey(r => r.ChecklistItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.StandardAuditId, r.ChecklistItemId }).IsUnique();
        b.Property(r => r.Note).HasMaxLength(1000);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> b)
    {
        b.HasOne<Establishment>().WithMany().HasForeignKey(m => m.EstablishmentId);
        b.HasMany(m => m.Completions).WithOne().HasForeignKey(c => c.TeamMemberId);
        b.Property(m => m.DisplayName).HasMaxLength(100);
        b.HasIndex(m => new { m.EstablishmentId, m.DisplayName, m.StartDate }).IsUnique();
    }
}

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.Property(c => c.Code).HasMaxLength(40);
        b.Property(c => c.Name).HasMaxLength(200);
        b.HasIndex(c => c.Code).IsUnique();
    }
}

internal sealed class TrainingCompletionConfiguration : IEntityTypeConfiguration<TrainingCompletion>
{
    public void Configure(EntityTypeBuilder<TrainingCompletion> b)
    {
        b.HasOne<Course>().WithMany().HasForeignKey(c => c.CourseId);
        b.HasIndex(c => new { c.TeamMemberId, c.CourseId, c.CompletedOn }).IsUnique();
    }
}
