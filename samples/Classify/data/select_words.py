#!/usr/bin/env python3
"""Writes words.tsv from Debian's word lists: the selection that SOURCE.md describes.

Usage: select_words.py DICT_DIR > words.tsv, where DICT_DIR holds american-english, ngerman, french
and spanish as the packages wamerican, wngerman, wfrench and wspanish install them (/usr/share/dict).
The same lists always give the same file.
"""
import sys
import unicodedata

LISTS = [("en", "american-english"), ("de", "ngerman"), ("fr", "french"), ("es", "spanish")]
# The letters of the four languages; the sample's one-hot alphabet is exactly these.
ALPHABET = set("abcdefghijklmnopqrstuvwxyz" "äöüß" "àâæçèéêëîïôœùûÿ" "áíñóú")
WORDS_PER_LANGUAGE = 5000
SHORTEST, LONGEST = 3, 16


def candidates(path, language):
    words = set()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            entry = unicodedata.normalize("NFC", line.strip())
            if not entry:
                continue
            # Capitals after the first letter mark abbreviations (ABC, GmbH). A leading capital marks a
            # proper name in the English list, but a noun in the German one, which keeps it.
            if any(c.isupper() for c in entry[1:]) or (language != "de" and entry[0].isupper()):
                continue
            word = entry.lower()
            if SHORTEST <= len(word) <= LONGEST and set(word) <= ALPHABET:
                words.add(word)
    return words


def main():
    directory = sys.argv[1]
    by_language = {language: candidates(f"{directory}/{name}", language) for language, name in LISTS}
    # A word spelled the same in two languages (hotel, animal, tabou...) has no single right answer.
    counts = {}
    for words in by_language.values():
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    for language, _ in LISTS:
        unambiguous = sorted(w for w in by_language[language] if counts[w] == 1)
        stride = len(unambiguous) // WORDS_PER_LANGUAGE
        for word in unambiguous[::stride][:WORDS_PER_LANGUAGE]:
            print(f"{word}\t{language}")


main()
