using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data.Configurations;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.Property(c => c.ClientId).HasMaxLength(40);
        b.HasIndex(c => c.ClientId).IsUnique();
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasIndex(c => c.Name).IsUnique();
        b.Property(c => c.SecretHash).HasMaxLength(200);
        b.Property(c => c.Role).HasMaxLength(40);
        b.Property(c => c.Region).HasMaxLength(100);
        b.HasOne(c => c.Establishment).WithMany().HasForeignKey(c => c.EstablishmentId);
        b.Ignore(c => c.ScopeDescription);
    }
}
