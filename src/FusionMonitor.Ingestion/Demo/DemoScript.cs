using System.Text.RegularExpressions;

namespace FusionMonitor.Ingestion.Demo;

/// <summary>
/// What the demo's people say. Plain data, kept apart from <see cref="DemoStream"/>'s timing logic.
/// <para>
/// Each line is a small grammar: <c>[a|b|c]</c> picks one alternative, and <c>{brand}</c>, <c>{thing}</c>,
/// <c>{tag}</c>, <c>{nova}</c> are filled by the stream. A template has several independent choices, so two people
/// rarely write the same sentence: the repeat rule (MinHash over three-word shingles) must not read the demo's
/// ordinary chatter, or its genuine outrage, as a copy-paste campaign. A test measures that per scope and day.
/// Texts name brands and people the way real posts do (names, aliases, hashtags, @handles) so matching is exercised.
/// </para>
/// </summary>
internal static partial class DemoScript
{
    /// <summary>The post that starts the incident: petty, public, and blaming the wrong people.</summary>
    public const string IncidentPost =
        "Worst salmon of my life at The Gilded Salmon tonight. Dry, bitter, inedible. And the waiters? Clueless and rude. " +
        "Left a tiny tip and I'm never going back. #gildedsalmon";

    /// <summary>The artist's apology, posted once, a little after the wave.</summary>
    public const string Apology =
        "Sorry to everyone at The Gilded Salmon, I was out of line last night. The waiters didn't deserve any of that and I've apologised to them in person.";

    public static readonly string[] BrandPositive =
    [
        "[Just got|Finally got|Picked up|Unboxed|Collected] my {brandx} {thing} [today|this morning|last night|after work|on my lunch break] and [honestly|wow,|ngl|I have to say|turns out] it's [perfect|spot on|better than the photos|exactly what I hoped for|so good|a keeper].",
        "Shout-out to {brand} [support|customer care|the support team|the chat team|the store staff], they [sorted|fixed|solved|untangled] my [problem|refund|login issue|missing parcel|billing mix-up|exchange] in [five minutes|one message|under ten minutes|no time at all|a single call]. [Great service|Proper service|Impressed|That's how it's done|Faith restored].",
        "{brand} [never disappoints|keeps delivering|is on a roll|has done it again|just gets it]. [Best purchase this month|Best money I've spent in a while|Worth every penny|Zero regrets|Already planning the next order]{tag}",
        "[Can't stop|Keep|I won't stop] recommending {brand} to [everyone|my friends|my whole office|my family|anyone who asks], the [quality|craftsmanship|attention to detail|finish|value] is [amazing|unreal|next level|so good|hard to beat].",
        "[Really|Genuinely|Pleasantly|Properly] [happy|impressed|surprised|pleased] with {brand} [lately|this year|these days|since the summer], [they keep getting better|every order has been great|no complaints at all|the improvements show|it feels like they listen].",
        "[Third|Fourth|Fifth|Sixth] {thing} from {brand} and [still|again|once more] [flawless|no issues|love it|great|spot on]. [Loyal customer now|Converted|Sold for life|Happy camper|Keep it up].",
        "[My partner|My mum|My flatmate|A colleague|My brother|My neighbour] [put me on to|told me about|gifted me|swore by] {brand} and [wow|honestly|turns out|fair enough,] they were right, [lovely|excellent|brilliant|really nice|top notch] {thing}.",
        "The {brandx} {thing} [came beautifully packed|arrived on time|was ready in minutes|just works|looks even better in person] [—|and|so] [small thing but it matters|that's why I keep coming back|this is the bar|more like this please|I'm a fan].",
    ];

    public static readonly string[] BrandNeutral =
    [
        "Anyone know if {brand} [ships to|delivers in|has stores in|is open in|takes orders from] [Canada|Lisbon|the Midlands|Osaka|Dublin|Texas|Melbourne|Kraków]?",
        "[Comparing|Weighing up|Looking at|Pricing] {brand} [with|against|next to] [a couple of others|two rivals|what my friend uses|the usual suspects] before [deciding|I order|buying|committing|spending anything].",
        "{brand} [announced|posted|put out|emailed] [new store hours|a holiday schedule|a new price list|an update on shipping|a loyalty change] for [the holidays|December|next month|the weekend|the new year].",
        "Saw [an ad|a billboard|a poster|a sponsored post|a van] for {brand} [on the subway|at the bus stop|on my feed|at the station|outside the gym] [today|this morning|on the way home|twice this week].",
        "[Is|Would you say] the {brandx} {thing} [worth it|any good|better than last year's|worth the wait|good value]? [Thinking about it|On the fence|Asking for a friend|Need opinions|Tell me honestly].",
        "[Queue at|Line outside|Crowd at] {brand} [this afternoon|on Saturday|at opening|at lunchtime] was [long|about twenty people|out the door|bigger than usual], [not sure why|must be a sale|anyone know what's on|interesting].",
    ];

    public static readonly string[] BrandNegative =
    [
        "[Third|Second|Fourth] time my {brandx} {thing} [arrived late|went missing|came damaged|was wrong|got cancelled]. [Really disappointed|Not good enough|I'm done|Seriously frustrated|What is going on].",
        "{brand} [customer service|support|the help desk|the returns team] is [awful|useless|a joke|painfully slow|nowhere to be found], [two weeks|ten days|a month|three emails|four calls] and [no answer|still nothing|no refund|just bots|no apology].",
        "Not impressed with {brand} [this time|lately|at all|today], the {thing} [felt cheap|looked nothing like the photo|was overpriced|fell apart|was a letdown].",
        "Returned my {brandx} {thing}, it [broke|stopped working|tore|faded|cracked] after [a week|two washes|a few days|one use|a month]. [Terrible|Waste of money|Never again|Gutted|So annoying].",
        "{brand} [raised prices|shrank the portions|cut the free returns|changed the app|dropped my favourite] [again|without telling anyone|overnight|quietly] and [nobody asked for it|it shows|I'm not happy|I'm looking elsewhere|the reviews say it all].",
    ];

    /// <summary>The weeks before the story: ordinary, mixed chatter about the brands, mostly mild.</summary>
    public static readonly string[] History =
    [
        "[My|The] {brandx} {thing} arrived [a day early|ahead of schedule|before I was even home|on a Sunday of all days|two days sooner than promised], [nice surprise|didn't expect that|good start to the week|made my morning|small win].",
        "[Still waiting on|Day four of waiting for|Still no sign of|Chasing|Nine days and counting for] [my|the] {brandx} {thing}, [tracking hasn't moved since Monday|the app has said out for delivery since Tuesday|nobody can tell me where it is|the courier swears it was delivered|support keeps saying tomorrow]. [Day five|Getting old|Patience running out|Any tips?].",
        "[My|The] {brandx} {thing} [this week|last time|on Friday|yesterday] was [fine|okay|alright|decent|perfectly average]. [Nothing special, nothing wrong|Does the job|Can't complain really|Middle of the road|Would not write home about it].",
        "{brand} [fixed|sorted|dealt with|cleared up] my {thing} [issue|problem|mix-up|complaint] [without any fuss|on the first try|in a day|over chat|before I'd finished my coffee]. [Good people|Credit where due|Appreciated|That's the service I like].",
        "[Mildly annoyed|Slightly irritated|A bit fed up|Grumpy this morning|Small rant|Not thrilled]: the {brandx} {thing} [keeps logging me out|keeps crashing|won't load my history|lost my basket again|froze at checkout] [every single time|since the update|on my phone|twice today].",
        "[Love|Really like|Quite like|Can't fault] the {brandx} {thing} [so far|this season|honestly], [exactly what I wanted|does what it says|my new favourite|would buy again|better than the last one].",
        "The {brandx} {thing} [queue|wait|hold music|line] [today|this morning|at lunch|after work] was [ridiculous|endless|something else|longer than the film I watched], [had to give up|took forever|never again on a Saturday|I brought a book next time].",
        "[Two weeks|A month|Ten days|Six weeks|Three months] [with|into|of using] the {brandx} {thing} and [no complaints|it's holding up|still happy|so far so good|I'd buy it again] [apart from the packaging|except the colour|even after the rain|touch wood].",
        "{brand} {thing} [price went up|costs more|got pricier|is dearer] [again|this month|since spring]? [Hmm|Not sure about that|Noticed that too|Getting steep|Still worth it for me].",
        "[Told|Convinced|Showed] my [sister|cousin|best friend|dad|whole team] about {brand} [last week|over dinner|at the weekend], [she's|they're|he's] [hooked now|ordering weekly|a convert|already asking for more].",
        "[Tried|Finally tried|Went back to|Checked out|Gave in and tried|Had a go with] {brand} [for the first time|again after a year|on a whim|on a friend's tip] [this weekend|yesterday|tonight|after work], [pretty decent|not bad|better than I remembered|solid|a bit mixed].",
        "[Does anyone else think|Is it just me or|Am I imagining it or|Has anyone noticed|Quick poll: do you think|Be honest, has] the {brandx} {thing} [changed|got better|got worse|feels different|looks cheaper] [recently|this month|since the update|after the rebrand]?",
    ];

    public static readonly string[] ConcertPositive =
    [
        "{nova} in that [Lumen Knits|Lumen Knitwear] [glitter|sparkly|silver glitter] sweater at the [Arcwave Live|Arcwave] show[!!!|!!|, wow]. [Iconic|Obsessed|A moment|Legendary|Stunning]. [I need it|Where do I get one|Adding to cart|Take my money|Want one].",
        "[Sold out|Gone in an hour|Already sold out|Backordered till January|Not a single one left]: the [glitter|sparkly|silver] [sweater|jumper|knit] {nova} wore [on stage|at the show|for the encore]. [#lumenknits won the night|Lumen Knits won the night|Lumen Knits, restock please|Well played Lumen Knits|Lumen Knits marketing team take a bow]",
        "@novareyes [killed it|owned the stage|was on fire|sounded incredible] [tonight|last night|at the show] and that [sweater|jumper|glitter knit] from Lumen Knits was [everything|perfect|the cherry on top|a whole mood]",
        "[{nova} + Lumen Knits|{nova} and Lumen Knits|Lumen Knits x {nova}] is the [collab|pairing|combo|partnership|crossover] we [didn't know we needed|deserved|have been waiting for|all wanted]. [Gorgeous|Stunning|Chef's kiss|So good|Perfect match].",
        "[Best concert of the year|What a night|Still buzzing|My ears are still ringing], {nova} was [unreal|flawless|magic|incredible] and the Arcwave [sound system|speakers|audio|sound] was [crystal clear|perfect|insane|so crisp].",
        "[Ordered|Bought|Grabbed|Splurged on|Caved and got] the Lumen Knits [sweater|jumper|glitter knit] [the second I saw|right after I saw|five minutes after seeing] {nova} [wearing it|in it|rock it on stage]. [Zero regrets|No regrets|Best impulse buy], it's [beautiful|so soft|even nicer in person].",
        "[Can we talk about|Nobody is talking about|Still thinking about] {nova}'s [outfit|sweater|look] [last night|on stage|at Arcwave Live]? Lumen Knits [nailed it|knows what they're doing|understood the assignment].",
        "[Front row|Third row|Way up in the balcony|Standing at the back] for {nova} [tonight|last night] and [all I can think about|the only thing my friends talk about|what I keep rewatching] is that [Lumen Knits|glitter] [sweater|jumper|knit]. [Help|Send link|Budget ruined].",
        "[Petition|Formal request|Begging] for Lumen Knits to [make the glitter sweater in more sizes|restock before Friday|do a men's cut] after {nova}'s [show|set|encore]. [Please|I'm serious|We'll buy them all].",
        "The [Arcwave Live|Arcwave] [crowd|arena|venue] [lost it|went silent|sang every word] when {nova} [walked out|started the ballad|came back for the encore] in Lumen Knits. [Chills|Unreal|Core memory].",
        "[Didn't expect|Never thought] a [sweater|knit|jumper] [to trend|to steal the show|to sell out overnight], but {nova} [made it happen|pulled it off|did that]. [Lumen Knits are lucky|Good for Lumen Knits|Lumen Knits owe her one].",
    ];

    public static readonly string[] NovaOwnPositive =
    [
        "[Thank you|Thank you so much|Love you all] for [an unforgettable night|tonight|the most amazing crowd|singing every word]! [Wearing|In] my [favourite|lucky|trusty] Lumen Knits sweater, [feeling amazing|feeling like a star|never taking it off]. #arcwavelive",
        "[Huge love|So much love|Massive thanks] to the Arcwave [crew|team|sound team], [best sound I've ever had on stage|you made every note land|what a night we had].",
        "[New week|New city|Another show], [new song|new setlist|same energy], same glitter sweater. Lumen Knits [you're the best|forever|thank you for this one].",
        "[Rehearsal day|Soundcheck|Travel day] [with|and] the Arcwave [crew|team]: [can't wait for tonight|tickets still left|see you soon].",
    ];

    /// <summary>The food critic's own posts about the restaurant.</summary>
    public static readonly string[] CriticOnSalmon =
    [
        "The Gilded Salmon's [new tasting menu|autumn menu|chef's table|Sunday lunch] is a [triumph|delight|small masterpiece]. The staff were [warm and attentive|gracious|on point all night]. [Highly recommend|Book ahead|Go].",
        "Review: Gilded Salmon keeps its crown. [Superb fish|Perfect salmon|Beautiful plates], [lovely service|a generous wine list|fair prices for the quality].",
        "[Quiet Tuesday|Late supper|Lunch for two] at The Gilded Salmon, [solid as always|consistent|the cured salmon still the star].",
    ];

    /// <summary>Other people naming the critic and the restaurant together.</summary>
    public static readonly string[] AboutCriticAndSalmon =
    [
        "Went to The Gilded Salmon on Marco Chen's [recommendation|review|say-so] and [he was right|it lived up to it|the salmon was as good as he said].",
        "Marco Chen [says|reckons|wrote] the Gilded Salmon [is the best fish in town|has the best service around|is worth the trip]. [Booking for Friday|Trying it this weekend|Adding it to my list].",
        "[Love|Trust|Always read] Marco Chen's [reviews|takes|write-ups], and his Gilded Salmon one [made me hungry|sold me|was spot on].",
    ];

    public static readonly string[] ReviewerOnArcwave =
    [
        "Tested the new Arcwave headphones for a [week|fortnight|month]: [excellent|class-leading|very good] noise cancelling, [great|two-day|solid] battery. [Recommended|Easy pick|Worth a look].",
        "Arcwave Audio's app update [fixed the pairing bug|added a proper EQ|made switching devices painless]. [Nice work|About time|Good stuff].",
        "Arcwave's [flagship|new earbuds|studio pair] [is good but the price is steep|sounds great, the case feels cheap|beats last year's, barely]. [Mixed feelings|Full review Friday|Thoughts in the video].",
    ];

    public static readonly string[] AboutReviewerAndArcwave =
    [
        "Priya Shah's Arcwave [review|teardown|comparison|long-term test] [convinced me|talked me out of it|was really fair|answered every question I had], [thanks Priya|great channel|subscribed|top work].",
        "[Bought|Returned|Kept|Swapped] the Arcwave [headphones|earbuds|over-ears] after [watching|reading|seeing] Priya Shah's [video|review|long test|sound comparison] and [no regrets|fair enough|she was right about the fit|the bass is exactly as she said].",
        "[If|When] Priya Shah [says|rates|recommends] an Arcwave [pair|product|model], [I listen|I buy it|that settles it|my group chat listens]. [Never steered me wrong|Trusted reviewer|Five years running].",
        "[Watching|Halfway through|Just finished] Priya Shah's [new|latest|hour-long] Arcwave [video|review|deep dive] [on the bus|with a coffee|instead of working]: [so thorough|great detail|she's brutal on the price|love the sound tests].",
    ];

    public static readonly string[] ConsumerOnBrightcart =
    [
        "Brightcart [delivered my groceries|brought the weekly shop|dropped off dinner] in [20 minutes|under half an hour|no time], [love this app|so handy|lifesaver].",
        "Brightcart [forgot half my order|swapped my oat milk for cream|left the eggs behind] again. [So frustrating|Come on|Sigh].",
        "Trying Brightcart for the [first time|second week|big shop] this [weekend|evening|Saturday], [let's see|fingers crossed|wish me luck].",
    ];

    public static readonly string[] AboutConsumerAndBrightcart =
    [
        "Dana Ortiz's Brightcart [haul video|weekly shop vlog|fridge restock] is [weirdly relaxing|oddly satisfying|my Sunday treat]. [More please|Subscribed|Watched it twice].",
        "[Found|Tried|Ordered] the Brightcart [bundle|snack box|meal kit] Dana Ortiz [showed|recommended|raved about], [and it's good|not bad|bit overhyped].",
    ];

    /// <summary>Replies and reactions in the wave after the incident post; mostly negative about the artist.</summary>
    public static readonly string[] WaveNegativeOnNova =
    [
        "{nova} [blaming|trashing|going after] the waiters when the kitchen [messed up|got it wrong|had a bad night]? That's [so petty|low|not it]. [Disappointed|Really let down|Lost a fan].",
        "{nova} [tipping badly|leaving a tiny tip|stiffing the staff] and [trashing|mocking|naming and shaming] the waitstaff [publicly|in front of millions|online] is a [terrible|horrible|bad|gross] look.",
        "Unfollowed {nova}. [Punching down at|Bullying|Publicly blaming] waiters is [gross|cruel|beneath anyone with that platform].",
        "[Was a fan of|Used to love|Defended] {nova} [for years|since the first album|until now] but this Gilded Salmon [rant|post|meltdown] is [embarrassing|awful|cringe]. [Awful behaviour|Do better|So disappointing].",
        "Imagine having [millions of fans|that many followers|a platform like that] and using [them|it] to [bully|pile on|humiliate] waiters. [Shame on you|Not okay|Grow up] @novareyes",
        "{nova} complaining about salmon in a Lumen Knits sweater is [peak entitlement|such a bad look|the most out of touch thing today]. [Done with both|Not buying either|Yikes for both of them].",
        "[Kinda|Honestly|Low key] regret buying that Lumen Knits glitter sweater now. [Not a good association anymore|Can't wear it without thinking of this|Bad timing, Lumen Knits].",
        "Lumen Knits should [rethink|reconsider|think twice about] who they dress. {nova} was [nasty|cruel|so rude] to those waiters.",
        "[Servers|Waiters|Restaurant staff] work [double shifts|for tips|on their feet all night] and {nova} [calls them clueless|mocks them online|sends her fans after them]. [Unbelievable|Disgusting|Shameful].",
        "[My sister|My best friend|I] waited tables for [years|a decade|three summers] and posts like {nova}'s [ruin people's week|are why staff quit|are exactly what we dreaded]. [Be kind|Tip your servers|Seriously].",
        "The [worst|saddest|most telling] part of the {nova} [salmon|restaurant|Gilded Salmon] thing is [the tiny tip|blaming the staff|doing it for clout]. [Bad form|Ugly|Pathetic].",
        "{nova} [had a bad meal|didn't like her dinner] and [chose|decided] to [drag|embarrass|blame] the waitstaff [in public|to two million people|by name]. [Not a good look at all|Really petty|Classy, not].",
    ];

    public static readonly string[] WaveOnSalmon =
    [
        "[Worked|Used to work|Did a season|My cousin works] at The Gilded Salmon, the [waiters|staff|front of house|servers] there are the [kindest|hardest working|sweetest|most patient] people [I know|in the city|you'll meet]. This is [unfair to them|so unfair|not on them|just wrong].",
        "[Dry salmon|Overcooked fish|A bad plate|A bitter sauce] is a [kitchen|chef's|back-of-house] problem, not a [waiter|server|front-of-house] problem. [Gilded Salmon|The Gilded Salmon] should [still fix it though|check the kitchen|own the food side|say something about the food].",
        "Heard The Gilded Salmon had a [bad night|rough service|off evening|disaster of a Friday]. [Disappointing food for that price|Hope it was a one-off|Happens to the best|Still booking there next month].",
        "The Gilded Salmon's [response|statement|reply|post] was [classy|gracious|measured|the adult in the room]. [Still, bad fish is bad fish|Good on them|That's how you handle it|More of that please].",
        "[Booked|Going|Taking my parents|Dragging my friends] to The Gilded Salmon [this weekend|on Friday|tomorrow|next week] to [support the staff|see for myself|tip big|try the salmon]. [Be kind|Solidarity|See you there|Wish them luck].",
        "[Ate at|Had dinner at|Celebrated at] The Gilded Salmon [last month|in the summer|for my anniversary|twice this year] and [the service was lovely|nobody was rude|the fish was perfect|the waiter remembered our names]. [Odd story|Doesn't add up|Not my experience at all].",
    ];

    public static readonly string[] WaveDefendingNova =
    [
        "Honestly {nova} is allowed to have a bad night. [Give her a break|People make mistakes|Let her breathe|Nobody is perfect].",
        "{nova} [is human|has done a lot of good|will make it right|gave so much to charity], [we all have bad days|one post doesn't define her|give her a chance to fix it]. [Respect|Fair play|Move on, everyone].",
        "[Not defending|Not excusing] the post, but the pile-on against {nova} [is worse|is too much|is its own kind of bullying|is getting scary]. [Breathe, internet|Calm down|Let it go|Log off for a bit].",
    ];

    /// <summary>
    /// A second sentence many people add to whatever they say about a brand: their own circumstances, so that two
    /// people saying much the same thing still write different posts.
    /// </summary>
    public static readonly string[] Details =
    [
        "[Been|I've been] a customer [since 2019|for years|for a few months|since uni|since they opened near me] [btw|for what it's worth|if that matters].",
        "[Anyway|Either way|Whatever], [back to work|off to bed|time for coffee|kettle's on|back to my spreadsheet].",
        "[The weather|Traffic|My commute] [is|was] [awful|lovely|grim|weirdly nice] [today|this week|again] [too|as well|on top of that].",
        "[Ordered|Bought|Got] it [for my birthday|as a gift|on sale|with a voucher|for the holidays|on a whim] [last month|in October|a while ago|two weeks back].",
        "[First|Second|Third] [post here|time posting|thread I've started] [so be nice|in ages|about this], [lol|haha|ok].",
        "[My cat|The dog|My kid|My roommate] [approves|is unimpressed|already claimed it|wants one too].",
        "[Would|Will|Might] [update|report back|post again] [in a week|after the weekend|once I've tried it properly|if anything changes].",
        "[Curious what|Wondering what|Keen to hear what] [everyone else thinks|other people think|you lot think|the group chat makes of it|the reviews will say].",
        "[Sent from|Typing this on|Posting from] [the train|my lunch break|the sofa|a very slow laptop|the school run queue].",
        "[Ten|Five|Three|Two] [stars|out of ten|thumbs] [from me|if I'm honest|for now|would be fair].",
        "[Living in|Here in|Over in] [Leeds|Porto|Austin|Lyon|Seoul|Cape Town|Toronto|Utrecht] [it's|that's] [normal|rare|a big deal|pretty standard] [apparently|I think|these days].",
        "[Not sponsored|No affiliation|Not an ad], [just a fan|just my experience|just saying it as it is|just a regular customer].",
    ];

    /// <summary>A second sentence some people add to a reply in the wave.</summary>
    public static readonly string[] WaveTails =
    [
        "[Unsubscribed|Unfollowed|Muted her|Blocked] [just now|today|after that|for good].",
        "[I used to|I'd] [stream her album|play her songs|defend her|buy her merch] [every day|on repeat|all the time|without thinking]. [Not anymore|Not after this|Done].",
        "[Tip your|Be kind to your|Respect your] [servers|waiters|waitstaff|bartenders], [people|everyone|folks].",
        "[Hope|Really hope|I just hope] [the staff are okay|someone checks on those waiters|the restaurant is alright|the team gets some support].",
        "[Celebrities|Famous people|People with big followings] [need to|should|have to] [do better|think before posting|remember who they hurt|check their privilege].",
        "[This is|That was|What a] [a bad week for her PR team|a masterclass in how not to post|the worst way to handle a bad meal].",
    ];

    /// <summary>A second sentence some fans add.</summary>
    public static readonly string[] FanTails =
    [
        "[Still|Honestly|Genuinely] [buzzing|smiling|not over it|emotional].",
        "[Best|Greatest|Loudest] [night|show|gig] [of my life|this year|in ages|I've been to].",
        "[Going again|Already booked|Need tickets|Saving up] [next tour|for the next one|in spring|for London].",
        "[My friends|My sister|The whole row|Everyone around me] [screamed|cried|sang along|lost it] [at the encore|during the ballad|when she came out].",
    ];

    /// <summary>How people open a post; combined with <see cref="Closers"/>.</summary>
    public static readonly string[] Openers = ["", "", "", "", "Honestly — ", "Ok so: ", "PSA: ", "Not gonna lie — ", "Update: ", "Hot take: ", "Quick one: ", "So… ", "Fun fact: ", "Okay, ", "Real talk: "];

    public static readonly string[] Closers = ["", "", "", "", " 🙌", " Thoughts?", " Just saying.", " #weekend", " (again)", " 10/10", " Anyone else?", " lol", " 🤷", " 😅", " 👀"];

    /// <summary>The things people talk about, filling {thing}.</summary>
    public static readonly string[] Things = ["order", "delivery", "app", "new collection", "store", "support chat", "return", "gift card", "latest drop", "loyalty points", "website", "parcel", "winter range", "subscription"];

    /// <summary>How people name the artist, filling {nova}.</summary>
    public static readonly string[] NovaNames = ["Nova Reyes", "Nova Reyes", "Nova Reyes", "@novareyes", "Nova"];

    public static readonly string[] FirstNames = ["alex", "sam", "jordan", "taylor", "casey", "riley", "morgan", "jamie", "avery", "quinn", "lee", "kim", "mira", "omar", "yuki", "lena", "paolo", "zoe", "ines", "tomás"];

    public static readonly string[] LastNames = ["smith", "garcia", "nguyen", "müller", "rossi", "kowalski", "okafor", "silva", "tanaka", "brown", "dubois", "haddad"];

    /// <summary>
    /// One line from a template: each <c>[a|b|c]</c> replaced by one of its alternatives, then the placeholders filled
    /// from <paramref name="fill"/>, spacing tidied. Deterministic for a given <paramref name="rng"/> state.
    /// </summary>
    public static string Say(Random rng, string template, IReadOnlyDictionary<string, string>? fill = null)
    {
        var text = Choice().Replace(template, m =>
        {
            var options = m.Groups[1].Value.Split('|');
            return options[rng.Next(options.Length)];
        });
        if (fill is not null)
            foreach (var (key, value) in fill) text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        return Spaces().Replace(text, " ").Replace(" ,", ",", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal)
            .Replace("?.", "?", StringComparison.Ordinal).Replace("!.", "!", StringComparison.Ordinal).Trim();
    }

    [GeneratedRegex(@"\[([^\[\]]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Choice();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
