using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VisitsCapture.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FamilyContactNearerToHome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Counts_Arrivals",
                table: "MonthlyReturns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Counts_ArrivalsVisited",
                table: "MonthlyReturns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Counts_HasFamilyContact",
                table: "MonthlyReturns",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Counts_Leavers",
                table: "MonthlyReturns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Counts_LeaversVisited",
                table: "MonthlyReturns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Counts_NearerToHome",
                table: "MonthlyReturns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Counts_Arrivals",
                table: "MonthlyKpis",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Counts_ArrivalsVisited",
                table: "MonthlyKpis",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Counts_HasFamilyContact",
                table: "MonthlyKpis",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Counts_Leavers",
                table: "MonthlyKpis",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Counts_LeaversVisited",
                table: "MonthlyKpis",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Counts_NearerToHome",
                table: "MonthlyKpis",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Summaries counted before these measures existed: recount them (MonthlyKpiStaleness.Stale) before they are read.
            migrationBuilder.Sql("UPDATE \"MonthlyKpis\" SET \"ComputedAt\" = '1970-01-01 00:00:00';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Counts_Arrivals",
                table: "MonthlyReturns");

            migrationBuilder.DropColumn(
                name: "Counts_ArrivalsVisited",
                table: "MonthlyReturns");

            migrationBuilder.DropColumn(
                name: "Counts_HasFamilyContact",
                table: "MonthlyReturns");

            migrationBuilder.DropColumn(
                name: "Counts_Leavers",
                table: "MonthlyReturns");

            migrationBuilder.DropColumn(
                name: "Counts_LeaversVisited",
                table: "MonthlyReturns");

            migrationBuilder.DropColumn(
                name: "Counts_NearerToHome",
                table: "MonthlyReturns");

            migrationBuilder.DropColumn(
                name: "Counts_Arrivals",
                table: "MonthlyKpis");

            migrationBuilder.DropColumn(
                name: "Counts_ArrivalsVisited",
                table: "MonthlyKpis");

            migrationBuilder.DropColumn(
                name: "Counts_HasFamilyContact",
                table: "MonthlyKpis");

            migrationBuilder.DropColumn(
                name: "Counts_Leavers",
                table: "MonthlyKpis");

            migrationBuilder.DropColumn(
                name: "Counts_LeaversVisited",
                table: "MonthlyKpis");

            migrationBuilder.DropColumn(
                name: "Counts_NearerToHome",
                table: "MonthlyKpis");
        }
    }
}
