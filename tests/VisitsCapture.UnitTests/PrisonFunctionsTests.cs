using VisitsCapture.Core.Imports;
using Xunit;

namespace VisitsCapture.UnitTests;

public class PrisonFunctionsTests
{
    [Theory]
    [InlineData("Local", "HMP|YOI", "B", true, false, "Male local")]
    [InlineData("Local", "HMP|YOI", "", false, true, "Female")] // a women's local prison (Bronzefield)
    [InlineData("Cat C Trainer", "HMP", "C", true, false, "Male Cat C trainer")]
    [InlineData("Cat B Trainer", "HMP", "B", true, false, "Male Cat B trainer")]
    [InlineData("Cat B Trainer/ Open", "HMP", "B|C", true, false, "Male Cat B trainer")]
    [InlineData("Cat C Trainer/ Open", "HMP|YOI", "", true, false, "Male Cat C trainer")]
    [InlineData("Open", "HMP|YOI", "", true, false, "Male open")]
    [InlineData("Female", "HMP|YOI", "", false, true, "Female")]
    [InlineData("High Security", "HMP", "A|B", true, false, "High security")]
    [InlineData("YOI", "YCS", "C", true, false, "Young offender institution")]
    [InlineData("YJB", "YCS", "", true, true, "Children and young people")]
    [InlineData("Immigration Removal Centre", "IRC", "", true, false, "Immigration removal centre")]
    [InlineData(" local ", "HMP", "", true, false, "Male local")] // case and spaces do not matter
    public void The_2017_function_gives_the_family_group_function(string function2017, string types, string categories, bool male, bool female, string expected)
    {
        Assert.Equal(expected, PrisonFunctions.Derive(function2017, types, categories, male, female));
    }

    [Theory]
    [InlineData("HMP", "C", true, false, "Male Cat C trainer")] // Five Wells, opened 2022
    [InlineData("YCS", "", true, false, "Children and young people")] // Feltham A, Parc YOI
    [InlineData("STC", "", true, false, "Children and young people")] // Oakhill
    [InlineData("IRC", "", true, false, "Immigration removal centre")]
    [InlineData("HMP", "", false, true, "Female")]
    [InlineData("HMP", "A|B", true, false, "High security")]
    [InlineData("YOI", "", true, false, "Young offender institution")]
    [InlineData("HMP", "B", true, false, "Male Cat B trainer")]
    [InlineData("HMP", "", true, false, "Unclassified")]
    [InlineData("", "", false, false, "Unclassified")]
    public void Without_a_2017_function_types_categories_and_sexes_decide(string types, string categories, bool male, bool female, string expected)
    {
        Assert.Equal(expected, PrisonFunctions.Derive("", types, categories, male, female));
        Assert.Equal(expected, PrisonFunctions.Derive(null, types, categories, male, female));
    }
}
