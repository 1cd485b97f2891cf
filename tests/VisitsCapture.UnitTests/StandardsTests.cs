using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Measures;
using VisitsCapture.Core.Standards;
using Xunit;

namespace VisitsCapture.UnitTests;

public class AuditScoreTests
{
    private static readonly StandardsOptions Options = new();

    [Fact]
    public void All_not_applicable_is_no_data()
    {
        Assert.Null(AuditScore.Of([ItemResult.NotApplicable, ItemResult.NotApplicable]));
        Assert.Equal(Rag.None, AuditScore.RagOf(null, Options));
    }

    [Fact]
    public void Partly_met_counts_half_and_not_applicable_leaves_the_denominator()
    {
        // (2 + 0.5) / 4 applicable = 62.5
        Assert.Equal(62.5, AuditScore.Of([ItemResult.Met, ItemResult.Met, ItemResult.PartlyMet, ItemResult.NotMet, ItemResult.NotApplicable, ItemResult.NotApplicable]));
        Assert.Equal(50, AuditScore.Of([ItemResult.PartlyMet, ItemResult.PartlyMet]));
        Assert.Equal(100, AuditScore.Of([ItemResult.Met, ItemResult.NotApplicable]));
        Assert.Equal(0, AuditScore.Of([ItemResult.NotMet]));
    }

    [Fact]
    public void Unanswered_items_are_not_counted()
    {
        Assert.Equal(50, AuditScore.Of([ItemResult.Met, ItemResult.NotMet, null]));
        Assert.Null(AuditScore.Of([null, null]));
    }

    [Theory]
    [InlineData(100.0, Rag.Green)]
    [InlineData(90.0, Rag.Green)]
    [InlineData(89.9, Rag.Amber)]
    [InlineData(70.0, Rag.Amber)]
    [InlineData(69.9, Rag.Red)]
    [InlineData(0.0, Rag.Red)]
    public void Rag_green_at_90_amber_at_70(double score, Rag expected) => Assert.Equal(expected, AuditScore.RagOf(score, Options));

    [Theory]
    [InlineData(89.95, Rag.Green)] // published as 90.0%
    [InlineData(89.9499, Rag.Amber)]
    [InlineData(69.95, Rag.Amber)]
    [InlineData(69.9499, Rag.Red)]
    public void Rag_is_decided_on_the_published_score(double score, Rag expected) => Assert.Equal(expected, AuditScore.RagOf(score, Options));

    [Fact]
    public void Rag_thresholds_are_configurable()
    {
        var options = new StandardsOptions { GreenPct = 80, AmberPct = 50 };
        Assert.Equal(Rag.Green, AuditScore.RagOf(80, options));
        Assert.Equal(Rag.Amber, AuditScore.RagOf(50, options));
        Assert.Equal(Rag.Red, AuditScore.RagOf(49.9, options));
    }

    [Fact]
    public void A_six_item_VE7_audit_scores_to_the_digit()
    {
        // VE7 with 6 items: 5 Met, 1 Partly = 5.5/6 = 91.666...% green; 4 Met 2 Partly = 83.33% amber.
        var green = AuditScore.Of([.. Enumerable.Repeat<ItemResult?>(ItemResult.Met, 5), ItemResult.PartlyMet]);
        Assert.Equal(91.666666666666671, green!.Value, 10);
        Assert.Equal(Rag.Green, AuditScore.RagOf(green, Options));
        Assert.Equal(Rag.Amber, AuditScore.RagOf(AuditScore.Of([.. Enumerable.Repeat<ItemResult?>(ItemResult.Met, 4), ItemResult.PartlyMet, ItemResult.PartlyMet]), Options));
    }

    [Fact]
    public void Overdue_after_twelve_months_to_the_day()
    {
        var today = new DateOnly(2026, 6, 3);
        Assert.False(AuditScore.IsOverdue(new DateOnly(2025, 6, 3), today, 12));
        Assert.True(AuditScore.IsOverdue(new DateOnly(2025, 6, 2), today, 12));
        Assert.True(AuditScore.IsOverdue(null, today, 12));
        Assert.False(AuditScore.IsOverdue(new DateOnly(2025, 12, 3), today, 6));
        Assert.True(AuditScore.IsOverdue(new DateOnly(2025, 12, 2), today, 6));
    }
}

public class LatestAuditsTests
{
    private static AuditFact Audit(int id, string date, AuditStatus status = AuditStatus.Completed, int? supersedes = null, int establishment = 1, int standard = 7, double? score = 50) =>
        new(id, establishment, standard, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), status, supersedes, score);

    [Fact]
    public void The_latest_completed_audit_counts_and_drafts_do_not()
    {
        var latest = LatestAudits.Of([Audit(1, "2025-01-10"), Audit(2, "2025-06-10"), Audit(3, "2025-09-10", AuditStatus.Draft)]);
        Assert.Equal(2, latest[(1, 7)].Id);
    }

    [Fact]
    public void A_superseded_audit_no_longer_counts_even_if_its_replacement_is_dated_earlier()
    {
        var latest = LatestAudits.Of([Audit(1, "2025-01-10"), Audit(2, "2025-06-10", score: 40), Audit(3, "2025-06-01", supersedes: 2, score: 95)]);
        Assert.Equal(3, latest[(1, 7)].Id);
        Assert.Equal(95, latest[(1, 7)].Score);
    }

    [Fact]
    public void A_draft_replacement_does_not_yet_supersede()
    {
        var latest = LatestAudits.Of([Audit(2, "2025-06-10"), Audit(3, "2025-06-11", AuditStatus.Draft, supersedes: 2)]);
        Assert.Equal(2, latest[(1, 7)].Id);
    }

    [Fact]
    public void Kept_per_establishment_and_standard_and_same_day_goes_to_the_last_recorded()
    {
        var latest = LatestAudits.Of([Audit(1, "2025-06-10"), Audit(2, "2025-06-10"), Audit(3, "2025-01-01", establishment: 2), Audit(4, "2025-01-01", standard: 8)]);
        Assert.Equal(3, latest.Count);
        Assert.Equal(2, latest[(1, 7)].Id);
        Assert.Equal(3, latest[(2, 7)].Id);
        Assert.Equal(4, latest[(1, 8)].Id);
    }

    [Fact]
    public void Only_superseded_audits_leave_nothing()
    {
        Assert.Empty(LatestAudits.Of([Audit(1, "2025-01-10", supersedes: 1)]));
    }
}

public class TrainingCurrencyTests
{
    private static readonly DateOnly Done = new(2025, 6, 3);

    [Theory]
    [InlineData("2025-06-03", Currency.Current)]
    [InlineData("2026-06-02", Currency.Current)] // the day before the refresh date
    [InlineData("2026-06-03", Currency.Due)]     // exactly one refresh period on
    [InlineData("2026-09-02", Currency.Due)]     // last day of 3 grace months
    [InlineData("2026-09-03", Currency.Lapsed)]
    public void Current_due_and_lapsed_across_the_refresh_boundary(string today, Currency expected) =>
        Assert.Equal(expected, TrainingCurrency.Of(Done, 12, 3, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Month_ends_follow_AddMonths()
    {
        // 31 January + 1 month = 28 February (2026): due that day, current the day before.
        Assert.Equal(Currency.Current, TrainingCurrency.Of(new DateOnly(2026, 1, 31), 1, 3, new DateOnly(2026, 2, 27)));
        Assert.Equal(Currency.Due, TrainingCurrency.Of(new DateOnly(2026, 1, 31), 1, 3, new DateOnly(2026, 2, 28)));
    }

    [Fact]
    public void No_grace_lapses_on_the_refresh_date_and_never_completed_is_none()
    {
        Assert.Equal(Currency.Lapsed, TrainingCurrency.Of(Done, 12, 0, new DateOnly(2026, 6, 3)));
        Assert.Equal(Currency.None, TrainingCurrency.Of(null, 12, 3, Done));
        Assert.Equal(Currency.Current, TrainingCurrency.Of(Done, 0, 3, new DateOnly(2040, 1, 1)));
    }
}

public class TeamMeasuresTests
{
    private static readonly DateOnly Today = new(2026, 6, 3);
    private static readonly CourseFact HiddenSentence = new(1, "Hidden Sentence awareness", 12);
    private static readonly CourseFact Safeguarding = new(2, "Safeguarding children", 12);

    private static MemberFact Member(TeamRole role, string start, string? end = null, params (int Course, string Date)[] done) =>
        new(role, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), end is null ? null : DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            done.ToDictionary(d => d.Course, d => DateOnly.Parse(d.Date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Team_size_counts_members_in_post_today_and_percent_counts_current_only()
    {
        var m = TeamMeasures.Of(
        [
            Member(TeamRole.VisitsTeamLead, "2024-01-01", null, (1, "2026-01-01"), (2, "2025-06-03")), // safeguarding due today
            Member(TeamRole.VisitsTeamOfficer, "2024-01-01", "2026-06-03", (1, "2025-06-04")),       // last day in post
            Member(TeamRole.PlayWorker, "2026-06-04", null, (1, "2026-06-01")),                      // not started
            Member(TeamRole.FamilySupportCoordinator, "2020-01-01", "2026-06-02"),                    // ended yesterday
            Member(TeamRole.VisitsTeamOfficer, "2025-01-01"),
        ], [HiddenSentence, Safeguarding], Today, 3);
        Assert.Equal(3, m.TeamSize);
        Assert.False(m.CoordinatorInPost);
        Assert.Equal(2, m.Courses[0].Current);
        Assert.Equal(200.0 / 3, m.Courses[0].Pct);
        Assert.Equal(0, m.Courses[1].Current);
        Assert.Equal(0, m.Courses[1].Pct);
    }

    [Fact]
    public void No_team_is_no_data_and_a_coordinator_in_post_counts()
    {
        Assert.Null(TeamMeasures.Of([], [HiddenSentence], Today, 3).Courses[0].Pct);
        Assert.True(TeamMeasures.Of([Member(TeamRole.FamilySupportCoordinator, "2026-06-03")], [HiddenSentence], Today, 3).CoordinatorInPost);
    }
}

public class StandardsRollupTests
{
    private static TeamMeasures Team(int size, int current, bool coordinator) =>
        new(size, coordinator, [new CourseCoverage(new CourseFact(1, "c", 12), current, size)]);

    [Fact]
    public void Percent_green_counts_unaudited_as_not_green_and_training_is_pooled()
    {
        List<EstablishmentStanding> all =
        [
            new(1, "Group A", "North", new Dictionary<int, Rag> { [7] = Rag.Green }, Team(10, 9, true)),
            new(2, "Group A", "North", new Dictionary<int, Rag> { [7] = Rag.Amber }, Team(2, 0, false)),
            new(3, "Group A", "South", new Dictionary<int, Rag>(), Team(0, 0, false)),
            new(4, null, "South", new Dictionary<int, Rag> { [7] = Rag.Green }, Team(4, 4, true)),
        ];
        var groups = StandardsRollup.ByFamilyGroup(all, [7], [1]);
        var a = Assert.Single(groups);
        Assert.Equal(3, a.Establishments);
        Assert.Equal(100.0 / 3, a.GreenPctByStandard[7]);
        Assert.Equal(100.0 / 3, a.CoordinatorCoveragePct);
        Assert.Equal(75, a.TrainingCoveragePctByCourse[1]); // (9 + 0) / (10 + 2)

        var regions = StandardsRollup.ByRegion(all, [7], [1]);
        Assert.Equal(["North", "South"], regions.Select(r => r.Name));
        Assert.Equal(50, regions[1].GreenPctByStandard[7]);
        Assert.Equal(100, regions[1].TrainingCoveragePctByCourse[1]);

        var nation = StandardsRollup.Of("England and Wales", all, [7], [1]);
        Assert.Equal(50, nation.GreenPctByStandard[7]);
        Assert.Equal(81.25, nation.TrainingCoveragePctByCourse[1]); // 13 / 16
    }

    [Fact]
    public void No_establishments_is_no_data()
    {
        var row = StandardsRollup.Of("Empty", [], [7], [1]);
        Assert.Null(row.GreenPctByStandard[7]);
        Assert.Null(row.CoordinatorCoveragePct);
        Assert.Null(row.TrainingCoveragePctByCourse[1]);
    }
}
