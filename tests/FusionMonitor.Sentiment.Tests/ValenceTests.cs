using FusionMonitor.Sentiment.Lexicon;
using FusionMonitor.Sentiment.Text;

namespace FusionMonitor.Sentiment.Tests;

public sealed class ValenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fusion-valence-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static ValenceLexicon Lexicon(string lines) => ValenceLexicon.Read(new StringReader(lines));

    [Fact]
    public void Several_lexicon_files_make_one_and_the_later_file_wins()
    {
        var words = WriteFile("words.txt", "good\t1.9\t0.9\t[2, 2]\nsad\t-2.1\t0.5\t[]\n:)\t2.0\t0\t[]\n");
        var emoji = WriteFile("emoji.tsv", "😍\t2.7\n😡\t-0.7\nsad\t-1.5\n");

        var lexicon = ValenceLexicon.Load([words, emoji]);

        Assert.Equal(5, lexicon.Count);
        Assert.True(lexicon.TryGet("good", out var good) && good == 1.9f);
        Assert.True(lexicon.TryGet("😍", out var heartEyes) && heartEyes == 2.7f);
        Assert.True(lexicon.TryGet("sad", out var sad) && sad == -1.5f);
    }

    [Fact]
    public void Emoji_count_like_words_when_the_lexicon_rates_them()
    {
        var lexicon = Lexicon("😍\t2.7\n😒\t-1.5\n");

        var loved = ValenceAnalyzer.Analyze(SocialTextTokenizer.Tokenize("new phone 😍😍"), lexicon);
        var annoyed = ValenceAnalyzer.Analyze(SocialTextTokenizer.Tokenize("new phone 😒"), lexicon);
        var unrated = ValenceAnalyzer.Analyze(SocialTextTokenizer.Tokenize("new phone 🚀"), lexicon);

        Assert.Equal(2, loved.Hits);
        Assert.True(loved.Compound > 0.5f, $"{loved}");
        Assert.True(annoyed.Compound < -0.3f, $"{annoyed}");
        Assert.Equal(0, unrated.Hits);
        Assert.Equal(0f, unrated.Compound);
    }

    [Fact]
    public void A_skin_tone_or_variation_selector_does_not_hide_an_emoji_from_the_lexicon()
    {
        var lexicon = Lexicon("👍\t2.1\n❤\t3.0\n");

        Assert.Equal(2, ValenceAnalyzer.Analyze(SocialTextTokenizer.Tokenize("👍🏽 ❤️"), lexicon).Hits);
    }
}
