using System.Text;
using FusionMonitor.Ingestion.Import;

namespace FusionMonitor.Ingestion.Tests.Import;

public sealed class ReviewExportReaderTests
{
    private static async Task<(ReviewExport? Sniffed, List<ImportRecord> Records)> ReadAsync(string content, Encoding? encoding = null, ReviewExport? format = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reviews-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, content, encoding ?? new UTF8Encoding(false));
        try
        {
            var sniffed = ReviewExportReader.Sniff(path);
            var records = new List<ImportRecord>();
            await foreach (var r in ReviewExportReader.ReadFileAsync(path, format ?? sniffed!.Value)) records.Add(r);
            return (sniffed, records);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_google_play_console_report_in_utf16_becomes_rated_mentions()
    {
        const string csv = """"
            Package Name,App Version Code,App Version Name,Reviewer Language,Device,Review Submit Date and Time,Review Submit Millis Since Epoch,Review Last Update Date and Time,Review Last Update Millis Since Epoch,Star Rating,Review Title,Review Text,Developer Reply Date and Time,Developer Reply Millis Since Epoch,Developer Reply Text,Review Link
            com.lumen.knits,120,1.2.0,en,sunfish,2025-03-01T10:00:00Z,1740823200000,2025-03-01T10:00:00Z,1740823200000,1,,"The app crashes every time, ""terrible""",,,,http://play.google.com/console/developers/1/app/2/user-feedback/review-details?reviewId=gp:AOqpTOE1&corpus=PUBLIC_REVIEWS
            com.lumen.knits,120,1.2.0,de_DE,a52,2025-03-02T11:00:00Z,1740913200000,2025-03-02T11:00:00Z,1740913200000,5,Super,Tolle Wolle,,,,
            com.lumen.knits,120,1.2.0,en,a52,2025-03-03T11:00:00Z,1740999600000,,,,,no stars given,,,,
            """";

        var (sniffed, records) = await ReadAsync(csv, Encoding.Unicode);

        Assert.Equal(ReviewExport.GooglePlayCsv, sniffed);
        var first = records[0].Mention!;
        Assert.Equal("googleplay:com.lumen.knits", first.Source);
        Assert.Equal("gp:AOqpTOE1", first.ExternalId);
        Assert.Equal(1, first.Rating);
        Assert.Equal("The app crashes every time, \"terrible\"", first.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1740823200000), first.CreatedAt);
        Assert.Equal("en", first.Lang);
        Assert.Equal("[anonymous]", first.Author.Handle);
        var second = records[1].Mention!;
        Assert.Equal("Super\n\nTolle Wolle", second.Text);
        Assert.Equal("de", second.Lang);
        Assert.StartsWith("sha256:", second.ExternalId); // no link: a stable hash
        Assert.Equal("review has no star rating from 1 to 5", records[2].Rejected!.Reason);
    }

    [Fact]
    public async Task Google_business_profile_reviews_map_star_enums_anonymity_and_rating_only_reviews()
    {
        const string json = """
            {"reviews": [
              {"name": "accounts/111/locations/222/reviews/r1", "reviewId": "r1", "reviewer": {"displayName": "Ana Ruiz", "profilePhotoUrl": "https://x"},
               "starRating": "TWO", "comment": "Lumen Knits shop was closed at opening time.", "createTime": "2025-02-01T09:30:00.123Z", "updateTime": "2025-02-01T09:30:00.123Z",
               "reviewReply": {"comment": "Sorry!", "updateTime": "2025-02-02T09:30:00Z"}},
              {"name": "accounts/111/locations/222/reviews/r2", "reviewId": "r2", "reviewer": {"displayName": "A Google user", "isAnonymous": true},
               "starRating": "FIVE", "createTime": "2025-02-03T09:30:00Z", "updateTime": "2025-02-03T09:30:00Z"},
              {"name": "accounts/111/locations/222/reviews/r3", "reviewId": "r3", "starRating": "STAR_RATING_UNSPECIFIED", "comment": "?", "createTime": "2025-02-04T09:30:00Z"}
            ], "averageRating": 3.5, "totalReviewCount": 3, "nextPageToken": "abc"}
            """;

        var (sniffed, records) = await ReadAsync(json);

        Assert.Equal(ReviewExport.GoogleBusinessJson, sniffed);
        var first = records[0].Mention!;
        Assert.Equal(("googlebusiness:222", "r1", 2, "Ana Ruiz"), (first.Source, first.ExternalId, first.Rating, first.Author.Handle));
        Assert.Equal("Lumen Knits shop was closed at opening time.", first.Text);
        var ratingOnly = records[1].Mention!;
        Assert.Equal(("[anonymous]", "Rated 5 of 5 stars", 5), (ratingOnly.Author.Handle, ratingOnly.Text, ratingOnly.Rating));
        Assert.Equal("review has no star rating from 1 to 5", records[2].Rejected!.Reason);
    }

    [Fact]
    public async Task App_store_connect_and_trustpilot_reviews_keep_title_body_territory_and_language()
    {
        const string appStore = """
            {"data": [{"type": "customerReviews", "id": "00000000-aaaa", "attributes": {"rating": 4, "title": "Nice", "body": "Works well with Lumen patterns.",
              "reviewerNickname": "knitter42", "createdDate": "2025-01-05T08:00:00-07:00", "territory": "USA"},
              "relationships": {"response": {"links": {"related": "https://api.appstoreconnect.apple.com/v1/customerReviews/00000000-aaaa/response"}}}}],
             "links": {"self": "https://api.appstoreconnect.apple.com/v1/apps/1/customerReviews"}, "meta": {"paging": {"total": 1, "limit": 50}}}
            """;
        const string trustpilot = """
            {"reviews": [{"id": "5e3de1b45fb06f0001790b51", "stars": 3, "title": "Quick delivery", "text": "The Lumen jumper arrived in two days.", "language": "en",
              "createdAt": "2025-03-14T10:15:00Z", "updatedAt": null, "consumer": {"id": "c1", "displayName": "John D.", "numberOfReviews": 3},
              "businessUnit": {"id": "46d6a890ffa235a75b00021d"}}],
             "links": [{"href": "https://api.trustpilot.com/v1/business-units/46d6a890ffa235a75b00021d/reviews?page=2", "method": "GET", "rel": "next-page"}]}
            """;

        var (appSniffed, app) = await ReadAsync(appStore);
        var (tpSniffed, tp) = await ReadAsync(trustpilot);

        Assert.Equal(ReviewExport.AppStoreConnectJson, appSniffed);
        var a = app.Single().Mention!;
        Assert.Equal(("appstoreconnect:usa", "00000000-aaaa", 4, "knitter42"), (a.Source, a.ExternalId, a.Rating, a.Author.Handle));
        Assert.Equal("Nice\n\nWorks well with Lumen patterns.", a.Text);
        Assert.Equal(new DateTimeOffset(2025, 1, 5, 15, 0, 0, TimeSpan.Zero), a.CreatedAt);
        Assert.Equal(ReviewExport.TrustpilotJson, tpSniffed);
        var t = tp.Single().Mention!;
        Assert.Equal(("trustpilot:46d6a890ffa235a75b00021d", 3, "John D.", "en"), (t.Source, t.Rating, t.Author.Handle, t.Lang));
        Assert.Equal("https://www.trustpilot.com/reviews/5e3de1b45fb06f0001790b51", t.Url);
    }

    [Fact]
    public async Task A_review_whose_strings_are_not_text_is_rejected_with_the_reason_and_the_file_reads_on()
    {
        // An unpaired surrogate escape in one review's body, in another's id: each rejected, the good ones kept.
        const string trustpilot = """
            {"reviews": [
              {"id": "good-1", "stars": 5, "text": "Lovely Lumen yarn.", "createdAt": "2025-03-14T10:15:00Z", "consumer": {"displayName": "A"}},
              {"id": "bad-body", "stars": 2, "text": "broken \ud800 text", "createdAt": "2025-03-14T10:16:00Z", "consumer": {"displayName": "B"}},
              {"id": "bad-\udc00-id", "stars": 2, "text": "fine text", "createdAt": "2025-03-14T10:17:00Z"},
              {"id": "good-2", "stars": 1, "text": "Lumen lost my order.", "createdAt": "2025-03-14T10:18:00Z"}]}
            """;

        var (_, records) = await ReadAsync(trustpilot);

        Assert.Equal(["good-1", "good-2"], records.Where(r => r.Mention is not null).Select(r => r.Mention!.ExternalId));
        var rejected = records.Where(r => r.Rejected is not null).Select(r => r.Rejected!).ToList();
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, r => Assert.Contains("not valid text", r.Reason, StringComparison.Ordinal));
        Assert.Equal("bad-body", rejected[0].ExternalId);
        Assert.Contains("\\ud800", rejected[0].Payload, StringComparison.Ordinal); // the item as it arrived, escape and all
    }

    [Fact]
    public async Task Our_own_mention_files_are_not_taken_for_a_review_export()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mentions-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, """{"source": "x", "externalId": "1", "text": "hi", "createdAt": "2025-01-01T00:00:00Z", "author": {"handle": "a"}, "rating": 5}""");
        try
        {
            Assert.Null(ReviewExportReader.Sniff(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
