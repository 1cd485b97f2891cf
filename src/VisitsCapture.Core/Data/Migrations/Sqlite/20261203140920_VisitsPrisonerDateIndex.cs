using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VisitsCapture.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VisitsPrisonerDateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Visits_Prisoner_Date",
                table: "Visits",
                columns: new[] { "Prisoner", "Date", "Outcome", "Removed", "EstablishmentId", "SessionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Visits_Prisoner_Date",
                table: "Visits");
        }
    }
}
