using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Data;

namespace FusionMonitor.Sentiment.Tests;

public sealed class LabelledTextFileTests
{
    private static IReadOnlyList<LabelledText> Parse(string content) => LabelledTextFile.Read(new StringReader(content), "data.tsv");

    [Fact]
    public void Columns_are_found_by_header_name_and_extra_columns_are_ignored()
    {
        var rows = Parse("rating\ttext\tlabel\n5\tlove it\tpositive\n1\t\"quoted\" stays\tNegative\n");
        Assert.Equal([new LabelledText(SentimentLabel.Positive, "love it"), new LabelledText(SentimentLabel.Negative, "\"quoted\" stays")], rows);
    }

    [Fact]
    public void A_missing_column_is_named_in_the_error()
    {
        var e = Assert.Throws<LabelledDataException>(() => Parse("label\tbody\npositive\tx\n"));
        Assert.Contains("'text'", e.Message);
    }

    [Fact]
    public void An_unknown_label_is_reported_with_its_line()
    {
        var e = Assert.Throws<LabelledDataException>(() => Parse("label\ttext\npositive\tok\nhappy\tnope\n"));
        Assert.Contains("data.tsv:3", e.Message);
        Assert.Contains("'happy'", e.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_by_path()
    {
        var e = Assert.Throws<LabelledDataException>(() => LabelledTextFile.Read("/nonexistent/x.tsv"));
        Assert.Contains("/nonexistent/x.tsv", e.Message);
    }
}
