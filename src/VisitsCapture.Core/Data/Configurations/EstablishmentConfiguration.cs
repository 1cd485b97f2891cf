using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data.Configurations;

internal sealed class EstablishmentConfiguration : IEntityTypeConfiguration<Establishment>
{
    public void Configure(EntityTypeBuilder<Establishment> b)
    {
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Code).HasMaxLength(10);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Region).HasMaxLength(100);
        b.Property(e => e.Function).HasMaxLength(100);
        b.Property(e => e.Postcode).HasMaxLength(10);
        b.HasMany(e => e.History).WithOne().HasForeignKey(h => h.EstablishmentId);
    }
}

internal sealed class EstablishmentAttributesConfiguration : IEntityTypeConfiguration<EstablishmentAttributes>
{
    public void Configure(EntityTypeBuilder<EstablishmentAttributes> b)
    {
        b.ToTable("EstablishmentHistory");
        // Not unique: a second change on the same day is a new version, recorded later, never an overwrite.
        b.HasIndex(h => new { h.EstablishmentId, h.EffectiveFrom });
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Region).HasMaxLength(100);
        b.Property(e => e.Function).HasMaxLength(100);
        b.Property(e => e.Postcode).HasMaxLength(10);
    }
}

internal sealed class EstablishmentLineageConfiguration : IEntityTypeConfiguration<EstablishmentLineage>
{
    public void Configure(EntityTypeBuilder<EstablishmentLineage> b)
    {
        b.HasOne(l => l.Predecessor).WithMany().HasForeignKey(l => l.PredecessorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(l => l.Successor).WithMany().HasForeignKey(l => l.SuccessorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.PredecessorId, l.SuccessorId }).IsUnique();
        b.Property(l => l.Note).HasMaxLength(500);
    }
}

internal sealed class FamilyGroupConfiguration : IEntityTypeConfiguration<FamilyGroup>
{
    public void Configure(EntityTypeBuilder<FamilyGroup> b)
    {
        b.HasIndex(g => g.Name).IsUnique();
        b.Property(g => g.Name).HasMaxLength(100);
        b.Property(g => g.Function).HasMaxLength(100);
    }
}

internal sealed class FamilyGroupMembershipConfiguration : IEntityTypeConfiguration<FamilyGroupMembership>
{
    public void Configure(EntityTypeBuilder<FamilyGroupMembership> b)
    {
        b.HasOne(m => m.FamilyGroup).WithMany(g => g.Memberships).HasForeignKey(m => m.FamilyGroupId);
        b.HasOne(m => m.Establishment).WithMany().HasForeignKey(m => m.EstablishmentId);
        b.HasIndex(m => new { m.EstablishmentId, m.FromMonth }).IsUnique();
    }
}

internal sealed class PostcodeDistrictConfiguration : IEntityTypeConfiguration<PostcodeDistrict>
{
    public void Configure(EntityTypeBuilder<PostcodeDistrict> b)
    {
        b.HasKey(d => d.Outcode);
        b.Property(d => d.Outcode).HasMaxLength(4);
        b.Property(d => d.LocalAuthorityCode).HasMaxLength(9);
        b.Property(d => d.LocalAuthorityName).HasMaxLength(100);
        b.Property(d => d.Region).HasMaxLength(100);
        b.Property(d => d.Country).HasMaxLength(40);
        b.Property(d => d.Source).HasMaxLength(60);
    }
}
