"""Safety net: danger now always gets 112 and Veilig Thuis, whatever the dialogue did.

The NLU has a `danger_now` intent and rules for it, also in the middle of a
consultation. This word-list check in the channel is the second line: if a
message points to danger now and no reply already gives 112, the channel puts
the safety message first. A needless safety line costs little; a missing one
can cost a lot, so the rules lean towards firing.

Suicidal thoughts get one more line: 113 Zelfmoordpreventie (domain
reference, section 8), after the 112 line when both apply.
"""

from __future__ import annotations

import re

from actions.meldcode.sectors import normalise
from bot.texts import text

# Both texts are in actions/content/kanalen.yml; the first is the safety line.
SAFETY_MESSAGE = text("safety_net.danger")
SUICIDE_MESSAGE = text("safety_net.suicide")

# Words that place it now: "nu", "vanavond", "net" (just now), "hij is nog in huis".
_NOW = (
    r"(\bnu\b|op dit moment|vanavond|vannacht|vandaag|straks|zo meteen|acuut|direct|\bnet\b(?! als\b)|"
    r"\bspoed|nog in huis|nog thuis|komt (zo )?terug)"
)
# Harm, threat or a situation that is unsafe when it happens now.
_HARM = (
    r"(sla|slaat|geslagen|schopt|trapt|mishandel|vermoord|dood|wurg|steekt|neersteken|bedreig|"
    r"dreig|aanval|aangevallen|vecht|gevochten|geweld|agressie|verkracht|misbruik|"
    r"gevaar|niet veilig|\bpijn\b|iets aan te doen|aandoe|letsel|schreeuw|\bgil|"
    r"om hulp|tegen (haar|zijn|hun) wil|alleen thuis|hamer|bijl\b|\bbang)"
)
# Enough on their own: weapons, life at risk, someone hurt or held, a threat to kill.
_STRONG = re.compile(
    r"(\bmes\b|\bmessen\b|pistool|vuurwapen|\bwapen|levensgevaar|wurgt|wurgen|gewurgd|"
    r"niet naar huis durft|durft niet naar huis|durft (vanavond |vannacht )?niet (meer )?naar huis|"
    r"bang om naar huis|wil niet naar huis|zelfmoord|zichzelf iets aan|bel 112|\b112\b|"
    r"\b(nu|het is) acuut\b|bewusteloos|\bbloedt|gewond|opgesloten|vastgehouden|kan (nu )?niet weg|geen kant op|"
    r"dreig\w* .{0,60}(iets aan te doen|te vermoorden|te doden|dood te maken|om te brengen|neer te steken))"
)
# Suicidal thoughts, of anyone the message is about.
_SUICIDE = re.compile(
    r"(zelfmoord|zelfdoding|suicid|levensmoe|zichzelf (iets )?aan (te )?doen|zichzelf iets aandoet|"
    r"een einde (aan (zijn|haar|mijn|m'n|z'n) leven|te maken)|"
    r"niet meer (verder )?(wil|wilt|willen) leven|(wil|wilt|willen) (liever )?dood\b)"
)
_NOW_RE = re.compile(_NOW)
_HARM_RE = re.compile(_HARM)


def danger_now(text: str) -> bool:
    norm = normalise(text)
    if _STRONG.search(norm):
        return True
    return bool(_NOW_RE.search(norm) and _HARM_RE.search(norm))


def suicidal_thoughts(text: str) -> bool:
    return bool(_SUICIDE.search(normalise(text)))


def with_safety_net(text: str, replies: list[dict], recipient: str) -> list[dict]:
    """Replies, with the safety message first when `text` needs it and they lack
    either number (a "bel 112" in a not-understood reply is not enough), and
    the 113 line after it when the message is about suicidal thoughts."""
    said = " ".join(r.get("text") or "" for r in replies)
    first = []
    if danger_now(text) and not ("112" in said and "0800-2000" in said):
        first.append({"recipient_id": recipient, "text": SAFETY_MESSAGE})
    if suicidal_thoughts(text) and "0800-0113" not in said:
        first.append({"recipient_id": recipient, "text": SUICIDE_MESSAGE})
    return [*first, *replies]
