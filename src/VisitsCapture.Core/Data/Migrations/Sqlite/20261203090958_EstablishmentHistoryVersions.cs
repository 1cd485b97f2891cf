using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VisitsCapture.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EstablishmentHistoryVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EstablishmentHistory_EstablishmentId_EffectiveFrom",
                table: "EstablishmentHistory");

            migrationBuilder.CreateIndex(
                name: "IX_EstablishmentHistory_EstablishmentId_EffectiveFrom",
                table: "EstablishmentHistory",
                columns: new[] { "EstablishmentId", "EffectiveFrom" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EstablishmentHistory_EstablishmentId_EffectiveFrom",
                table: "EstablishmentHistory");

            migrationBuilder.CreateIndex(
                name: "IX_EstablishmentHistory_EstablishmentId_EffectiveFrom",
                table: "EstablishmentHistory",
                columns: new[] { "EstablishmentId", "EffectiveFrom" },
                unique: true);
        }
    }
}
