using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Language;

namespace FusionMonitor.Sentiment.Tests;

/// <summary>Detection on short and mixed posts, written here for the purpose (none comes from a data set).</summary>
public sealed class LanguageDetectionTests
{
    private static readonly LinguaLanguageDetector Detector = LinguaLanguageDetector.Shared;

    [Theory]
    [InlineData("Honestly the new menu at Chez Marlin is so good, going back tomorrow", "en")]
    [InlineData("Das neue Menü ist wirklich lecker, ich komme morgen wieder", "de")]
    [InlineData("Le nouveau menu est vraiment délicieux, j'y retourne demain", "fr")]
    [InlineData("El nuevo menú está buenísimo, mañana vuelvo con mis amigos", "es")]
    [InlineData("Il nuovo menù è davvero buono, domani ci torno", "it")]
    [InlineData("O novo cardápio está muito bom, amanhã eu volto", "pt")]
    [InlineData("القائمة الجديدة رائعة جدا وسأعود غدا", "ar")]
    [InlineData("नया मेनू बहुत अच्छा है, मैं कल फिर आऊंगा", "hi")]
    [InlineData("yaar ye naya menu bahut accha hai, kal phir aana hai", "hi")]
    [InlineData("新しいメニューは本当においしい", "ja")]
    [InlineData("Новое меню очень вкусное, завтра приду снова", "ru")]
    [InlineData("Het nieuwe menu is echt heel lekker, ik kom morgen terug", "nl")]
    public void Whole_sentences_are_read_in_their_language(string text, string expected)
    {
        Assert.Equal(expected, Detector.Detect(text).Code);
    }

    [Theory]
    [InlineData("worst service ever", "en")]
    [InlineData("vraiment décevant", "fr")]
    [InlineData("absolut enttäuschend", "de")]
    public void Short_posts_are_read_when_their_words_say_enough(string text, string expected)
    {
        Assert.Equal(expected, Detector.Detect(text).Code);
    }

    [Theory]
    [InlineData("qué asco de servicio", "es")]
    [InlineData("che schifo", "it")]
    [InlineData("muito bom", "pt")]
    [InlineData("sehr gut", "de")]
    public void A_short_post_is_read_right_or_left_undetermined_never_given_to_another_scored_language(string text, string language)
    {
        Assert.Contains(Detector.Detect(text).Code, new[] { language, LanguageReading.Undetermined });
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("lol")]
    [InlineData("Marlin")]
    public void A_word_that_could_be_any_language_is_undetermined(string text)
    {
        Assert.Equal(LanguageReading.Undetermined, Detector.Detect(text).Code);
    }

    [Theory]
    [InlineData("🔥🔥🔥")]
    [InlineData("@chezmarlin https://t.co/abc 10/10 :)")]
    [InlineData("")]
    public void A_post_without_letters_is_wordless(string text)
    {
        var reading = Detector.Detect(text);
        Assert.Equal(LanguageReading.Undetermined, reading.Code);
        Assert.True(reading.Wordless);
    }

    [Fact]
    public void Handles_links_and_hashtag_signs_do_not_decide_the_language()
    {
        Assert.Equal("fr", Detector.Detect("@the_best_english_handle_ever franchement décevant, je ne reviendrai pas https://example.com/this-is-english").Code);
    }

    [Fact]
    public void A_mixed_post_goes_to_the_language_most_of_it_is_in()
    {
        Assert.Equal("es", Detector.Detect("Me encanta el nuevo álbum, la verdad es que es increíble, so good").Code);
        Assert.Equal("en", Detector.Detect("Loved the show tonight, the whole crowd was singing along, merci Paris").Code);
    }

    [Theory]
    [InlineData("@roxy {0} の料理は最悪だった、二度と行かない", "ja")]
    [InlineData("@roxy {0} — ужасное обслуживание, больше не приду", "ru")]
    [InlineData("@roxy chez {0} ce soir : service impeccable, on a adoré", "fr")]
    public void A_latin_brand_name_does_not_outvote_the_sentence_around_it(string template, string expected)
    {
        // Brand names with a random tag, as users and tests name them: a Japanese sentence is two "words" (no
        // spaces), so counting each word as one vote let "Chez Marlin 3fa9c1" outvote it (a flaky browser test).
        var random = new Random(17);
        var wrong = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var brand = $"Chez Marlin {random.Next():x8}";
            var text = string.Format(template, brand);
            var code = Detector.Detect(text).Code;
            if (code != expected) wrong.Add($"{code}: {text}");
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public void A_declared_language_the_text_does_not_contradict_is_kept()
    {
        // Two words of Portuguese are also good Spanish; the feed's word settles it.
        var reading = Detector.Detect("muito bom", declared: "pt-BR");
        Assert.Equal("pt", reading.Code);
        Assert.True(reading.FromHint);
    }

    [Theory]
    [InlineData("my new beanie, so cosy")]      // Polish at 0.9 by the general rule
    [InlineData("my new beanie, super soft")]
    public void A_short_post_keeps_its_declared_language_unless_the_text_all_but_rules_it_out(string text)
    {
        var reading = Detector.Detect(text, declared: "en");
        Assert.Equal(("en", true), (reading.Code, reading.FromHint));
        // Five words that are plainly another language are still read as it.
        Assert.Equal("es", Detector.Detect("el servicio fue muy lento", declared: "en").Code);
    }

    [Fact]
    public void A_declared_language_the_text_contradicts_is_overruled()
    {
        var reading = Detector.Detect("The delivery was late again and nobody answered the phone", declared: "de");
        Assert.Equal("en", reading.Code);
        Assert.False(reading.FromHint);
    }

    [Fact]
    public void Romanised_hindi_declared_hindi_is_taken_at_its_word_but_plain_english_declared_hindi_is_not()
    {
        Assert.NotEqual("hi", Detector.Detect("Zabardast performance, dil khush ho gaya").Code); // too few Hindi function words alone
        Assert.Equal("hi", Detector.Detect("Zabardast performance, dil khush ho gaya", declared: "hi").Code);
        Assert.Equal("en", Detector.Detect("I am going to Bali tomorrow for the weekend with the whole office", declared: "hi").Code);
    }

    [Fact]
    public void An_unknown_or_malformed_declared_language_is_ignored()
    {
        Assert.Equal("en", Detector.Detect("The delivery was late again and nobody answered the phone", declared: "xx").Code);
        Assert.Equal("en", Detector.Detect("The delivery was late again and nobody answered the phone", declared: "!!!").Code);
    }

    [Fact]
    public void English_with_a_few_hindi_looking_words_stays_english()
    {
        Assert.Equal("en", Detector.Detect("Ek is a name, and the ka of Egypt was the soul; the museum tour was great").Code);
    }

    [Fact]
    public void Hostile_input_gets_an_answer()
    {
        var huge = string.Concat(Enumerable.Repeat("très bien ", 10_000));
        Assert.Equal("fr", Detector.Detect(huge).Code);
        Assert.NotNull(Detector.Detect("\u0000\uFFFF\uD800").Code);
    }

    [Theory]
    [InlineData("pt-BR", "pt")]
    [InlineData("EN", "en")]
    [InlineData("de_DE", "de")]
    [InlineData("", null)]
    [InlineData("english", null)]
    public void Declared_languages_are_normalised(string declared, string? expected)
    {
        Assert.Equal(expected, LinguaLanguageDetector.Normalise(declared));
    }
}
