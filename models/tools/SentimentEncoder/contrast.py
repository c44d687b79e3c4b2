"""Training signal for texts that name two parties and judge them differently ("A did nothing wrong, B is a bully"),
which the target-dependent files hold too few of: the target head otherwise learns to read the text's overall mood
for every party in it.

Two sources, both built fresh each epoch from a seeded random.Random:
  * compose(): two single-party sentences of the target-dependent training files (never their hold-outs), joined
    with a connective, so the composite holds both parties, each with the label its own sentence gave it; when the
    labels differ the connective is often a contrast ("but", "while", "whereas", "unlike…"), and which sentence
    comes first is drawn, so position says nothing;
  * templates(): hand-written frames with a praise, blame or plain clause for each party, over made-up brand and
    person names (none of them the names in models/checks/ or the demo seed, so the checks stay held out).
Every example is a (text, target, label) triple for the target head only.
"""
import random

CONTRAST = [" but ", ", but ", " , but ", " while ", ", whereas ", ". however, ", " ; on the other hand, ", " - meanwhile ",
            ". ", " . ", " and ", ", and ", " ... ", " | ", " . still, ", ", yet "]
ADDITIVE = [". ", " . ", " and ", ", and ", " ; ", " ... ", " | ", ". also, ", " plus "]

BRANDS = ["Orchard Lane", "Velvet Pine", "Copperfield Tea", "Northwind Bikes", "Harbor & Co", "Sunmill Bakery",
          "Quillstone", "Bramble Shoes", "Tidewater Air", "Pixelforge", "Marigold Spa", "Ironleaf Gym",
          "Blue Heron Hotels", "Cinder Coffee", "Lattice Labs", "Wrenfield", "Oakhaven Foods", "Glimmer Beauty",
          "Stonebridge Bank", "Falcon Mobile", "Juniper Threads", "Ridgeway Motors", "Pebble Toys", "Saffron House",
          "Arcadia Games", "Mosswood Audio", "Brightwater", "Tallow & Wick", "Cobalt Telecom", "Fernhill Dairy",
          "Gallant Outdoor", "Hollow Oak Cider", "Skylark Travel", "Driftwood Surf", "Amberline", "Peregrine Watches"]
PEOPLE = ["Mira Solano", "Jonah Pike", "Tessa Marlow", "Devon Achebe", "Lila Brandt", "Marco Vance", "Priya Dhar",
          "Callum Rees", "Nadia Fox", "Theo Lindqvist", "Ava Moreau", "Kai Nakamura", "Zoe Hartley", "Omar Haddad",
          "Ruby Kestner", "Eli Navarro", "Sienna Cole", "Felix Adeyemi", "Hana Ito", "Rafael Quint", "Greta Holm",
          "Dante Riley", "Ivy Castell", "Milo Brennan", "@jadeplays", "@lukefits", "@the_real_nova", "@chefarlo"]

# clauses about one party, written with {X}; positive, negative, neutral
PRAISE = [
    "{X} did nothing wrong", "{X} handled it with real class", "{X} was incredibly kind to everyone there",
    "honestly {X} saved the day", "{X} has been nothing but professional", "{X} killed it tonight",
    "{X} absolutely nailed it", "big respect to {X}", "{X} owned up and made it right",
    "{X} is the only one acting like an adult here", "{X} stayed calm the whole time", "shoutout to {X}, they were brilliant",
    "{X} went above and beyond", "{X} deserves better than this", "{X} was a total sweetheart about it",
    "credit where it's due, {X} was great", "{X} came through for us", "{X}'s response was spot on",
    "{X} is a class act", "{X} apologised and fixed it within the hour", "love how {X} handled this 💯",
    "{X} was lovely from start to finish", "{X} got it exactly right", "nothing but praise for {X}",
    "{X} keeps getting better", "{X} did the right thing", "{X} is not to blame at all",
    "{X} has every right to be proud", "can't fault {X} one bit", "{X} was patient and fair",
    "{X} really looked after us", "{X} is an absolute legend 🙌", "{X} was not the problem, they were great",
]
BLAME = [
    "{X} is an entitled bully", "{X} made a scene over nothing", "{X} owes everyone an apology",
    "{X} was rude from the moment they walked in", "{X} should be ashamed", "{X} threw a tantrum",
    "{X} lied about the whole thing", "{X} is the real problem here", "{X} acted like a spoiled child",
    "{X} ruined the night for everyone", "{X} is being petty and childish", "what {X} did was disgusting",
    "{X} was completely out of line", "{X} blamed the staff for their own mess", "{X} needs to grow up",
    "{X} has lost a fan", "shame on {X}", "{X} made it so much worse", "{X} really showed their true colours 🙄",
    "{X} is a nightmare to deal with", "{X} humiliated a waiter for clout", "{X} never takes responsibility",
    "{X}'s so-called apology was a joke", "{X} was the one who started it", "{X} is embarrassing themselves",
    "I'm done with {X}", "{X} behaved appallingly", "{X} tried to get a teenager fired", "{X} is so fake",
    "{X} doubled down instead of apologising", "{X} keeps playing the victim", "{X} was awful to them 😡",
]
PLAIN = [
    "{X} was there too", "{X} posted about it this morning", "{X} is opening a new store next week",
    "{X} was mentioned in the article", "{X} has not commented yet", "I saw {X} at the airport",
    "{X} is on at 9 tonight", "{X} shared the video", "{X} was also at the event",
    "{X} announced their tour dates", "the {X} account retweeted it", "{X} sells the same jacket",
]
FRAMES = [
    "{A}{sep}{B}", "{A}{sep}{B}", "{A}{sep}{B}", "{A}. {B}.", "ngl {A}{sep}{B}",
    "to be clear: {A}{sep}{B}", "{A}{sep}{B}. end of story", "so {A}{sep}{B} lol", "{A}!! {B}!!",
]
# frames that name the second party only: it takes the opposite of the first party's label
OPPOSITE_FRAMES = ["unlike {Y}, {A}", "{A}. {Y}? not so much", "{A}; can't say the same for {Y}",
                   "{A}, {Y} not so much"]
# frames where the first party is praised and the second blamed
PRAISE_BLAME_FRAMES = ["{A}, it was {Y} who was the problem", "{A}. the one at fault is {Y}",
                       "{A}, this one is on {Y}", "leave {X} out of it, {B}",
                       "{A}. wish I could say that about {Y}", "{A} 👏 {B} 👎"]


def _entity(rng):
    return rng.choice(BRANDS) if rng.random() < 0.5 else rng.choice(PEOPLE)


def _clause(rng, label):
    return rng.choice([BLAME, PLAIN, PRAISE][label])


def templates(rng, count):
    """(text, [(target, label), (target, label)]) from the frames above: each text names two parties."""
    out = []
    while len(out) < count:
        x, y = _entity(rng), _entity(rng)
        if x == y:
            continue
        r = rng.random()
        lx, ly = (2, 0) if r < 0.35 else (0, 2) if r < 0.7 else rng.choice([(2, 1), (1, 2), (0, 1), (1, 0), (2, 2), (0, 0), (1, 1)])
        a = _clause(rng, lx).format(X=x)
        b = _clause(rng, ly).format(X=y)
        if lx != ly and 1 not in (lx, ly) and rng.random() < 0.4:
            if lx == 2 and rng.random() < 0.5:
                text = rng.choice(PRAISE_BLAME_FRAMES).format(A=a, B=b, X=x, Y=y)
            else:
                text = rng.choice(OPPOSITE_FRAMES).format(A=a, Y=y)
        else:
            sep = rng.choice(CONTRAST if lx != ly else ADDITIVE)
            text = rng.choice(FRAMES).format(A=a, B=b, sep=sep)
        if rng.random() < 0.35:
            text = text.lower()
        if rng.random() < 0.5:
            text = text[0].upper() + text[1:]
        out.append((text, [(x, lx), (y, ly)]))
    return out


def compose(rng, rows, count):
    """Joins two rows of a target-dependent file: rows are dicts with text, target, label. Returns
    (text, [(target, label), (target, label)])."""
    by_label = [[r for r in rows if r["label"] == c and len(r["text"]) < 220] for c in range(3)]
    out = []
    tries = 0
    while len(out) < count and tries < count * 20:
        tries += 1
        r = rng.random()
        if r < 0.6:
            la, lb = rng.choice([(0, 2), (2, 0)])
        elif r < 0.85:
            la, lb = rng.choice([(0, 1), (1, 0), (2, 1), (1, 2)])
        else:
            la, lb = rng.randrange(3), rng.randrange(3)
        a, b = rng.choice(by_label[la]), rng.choice(by_label[lb])
        ta, tb = a["target"].lower(), b["target"].lower()
        if ta == tb or ta in b["text"].lower() or tb in a["text"].lower() or ta in tb or tb in ta:
            continue
        sep = rng.choice(CONTRAST if la != lb else ADDITIVE)
        text = a["text"].rstrip(" .!") + sep + b["text"]
        out.append((text, [(a["target"], la), (b["target"], lb)]))
    return out
