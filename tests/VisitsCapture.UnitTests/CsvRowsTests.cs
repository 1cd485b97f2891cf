using System.Text;
using VisitsCapture.Core.Imports;
using Xunit;

namespace VisitsCapture.UnitTests;

/// <summary>Opening import files: the one-file imports and the many-file ones share these steps.</summary>
public sealed class CsvRowsTests
{
    private static ImportFile File(string name, string text) => new(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void One_file_with_the_columns_is_opened()
    {
        using var csv = CsvRows.OpenOne([File("a.csv", "b,a\n2,1\n")], "test", ["a", "b"], out var errors);
        Assert.NotNull(csv);
        Assert.Empty(errors);
        var row = Assert.Single(csv.Rows());
        Assert.Equal(("1", "2", 2), (row.Raw("a"), row.Raw("b"), row.Number));
    }

    [Fact]
    public void Several_files_or_none_are_refused_where_one_is_expected()
    {
        Assert.Null(CsvRows.OpenOne([File("a.csv", "a\n"), File("b.csv", "a\n")], "family groups", ["a"], out var errors));
        Assert.Equal([new ImportError(0, null, "Import one family groups file at a time")], errors);
        Assert.Null(CsvRows.OpenOne([], "family groups", ["a"], out errors));
        Assert.Single(errors);
    }

    [Fact]
    public void A_missing_column_is_reported_against_the_header()
    {
        Assert.Null(CsvRows.OpenOne([File("a.csv", "a,c\n1,2\n")], "test", ["a", "b", "d"], out var errors));
        Assert.Equal([new ImportError(1, "b", "the header has no column \"b\""), new ImportError(1, "d", "the header has no column \"d\"")], errors);
    }

    [Fact]
    public void Rows_of_several_files_follow_each_other_and_a_file_without_the_columns_is_skipped_with_its_errors()
    {
        var errors = new List<ImportError>();
        var rows = CsvRows.RowsOf([File("1.csv", "a\nx\ny\n"), File("2.csv", "b\nz\n"), File("3.csv", "a\nw\n")], ["a"], errors)
            .Select(r => (r.Raw("a"), r.Number)).ToList();
        Assert.Equal([("x", 2), ("y", 3), ("w", 2)], rows);
        Assert.Equal([new ImportError(1, "a", "the header has no column \"a\"")], errors);
    }
}
