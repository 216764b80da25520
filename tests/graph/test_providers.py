"""Other names of a provider's organisation, which an exclusion of one name leaves in."""

from __future__ import annotations

from careerpath.graph.providers import similar_providers

KNOWN = ["Google", "Google Cloud", "Google (Coursera)", "Googleplex Labs", "Microsoft", "Microsoft (Certiport)",
         "The Linux Foundation", "The Linux Foundation (CNCF)", "Cisco", "DeepLearning.AI",
         "DeepLearning.AI and Stanford (Coursera)"]


def test_the_same_name_with_a_parenthesis_or_more_words_is_the_same_organisation() -> None:
    assert similar_providers("Google", KNOWN) == ["Google (Coursera)", "Google Cloud"]
    assert similar_providers("Google Cloud", KNOWN) == ["Google", "Google (Coursera)"]
    assert similar_providers("The Linux Foundation (CNCF)", KNOWN) == ["The Linux Foundation"]
    assert similar_providers("microsoft", KNOWN) == ["Microsoft", "Microsoft (Certiport)"]  # case aside
    assert similar_providers("DeepLearning.AI", KNOWN) == ["DeepLearning.AI and Stanford (Coursera)"]


def test_a_name_that_only_begins_with_the_same_letters_is_not() -> None:
    assert "Googleplex Labs" not in similar_providers("Google", KNOWN)
    assert similar_providers("Cisco", KNOWN) == []
    assert similar_providers("", KNOWN) == []
