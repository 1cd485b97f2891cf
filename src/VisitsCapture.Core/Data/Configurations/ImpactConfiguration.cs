using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data.Configurations;

internal sealed class InterventionConfiguration : IEntityTypeConfiguration<Intervention>
{
    public void Configure(EntityTypeBuilder<Intervention> b)
    {
        b.HasOne(i => i.Establishment).WithMany().HasForeignKey(i => i.EstablishmentId);
        b.HasIndex(i => new { i.EstablishmentId, i.StartDate, i.Kind }).IsUnique();
        b.HasIndex(i => i.StartDate);
        b.Property(i => i.Description).HasMaxLength(Intervention.DescriptionMaxLength);
        b.Property(i => i.Cost).HasPrecision(12, 2);
        b.Ignore(i => i.StartMonth);
    }
}
