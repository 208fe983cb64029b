"""Comments on decisions: the élu and the CTG's members comment, the CDC is told by e-mail,
the author corrects or deletes, the decision's history keeps it all; others are kept out."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from maillage.core.once import TOKEN_FIELD
from maillage.governance import services
from maillage.governance.models import DecisionComment
from maillage.outbox.models import OutboxMessage

from .helpers import meeting


def _decision(world, *, published: bool = True, kind: str = "copil"):
    m = meeting(world, kind=kind, days=-2)
    cdc = world.users["cdc"]
    decision = services.decision_add(meeting=m, by=cdc, text="Ouvrir un LAEP à la rentrée.")
    if published:
        services.minutes_save(meeting=m, by=cdc, minutes="Le COPIL s'est réuni.")
        services.minutes_publish(meeting=m, by=cdc)
    return decision


def _url(world, decision, name="decision_detail", *more):
    args = [world.a.uuid, decision.meeting.uuid, decision.uuid, *more]
    return reverse(f"governance:{name}", args=args)


def test_the_elu_comments_a_decision_and_the_cdc_gets_an_e_mail_with_its_link(world):
    decision = _decision(world)
    elu = world.client("elu")
    response = elu.post(
        _url(world, decision, "decision_comment_add"), {"text": "D'accord, si la CAF suit."}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(world, decision) + "#commentaires"
    comment = DecisionComment.objects.get()
    assert comment.author == world.users["elu"] and comment.text == "D'accord, si la CAF suit."
    message = OutboxMessage.objects.get()
    assert message.to == [f"{world.users['cdc'].full_name} <{world.users['cdc'].email}>"]
    assert message.sender == world.users["elu"]
    link = f"http://testserver{_url(world, decision)}"
    assert message.about_url == link and link in message.body
    assert "(élu·e référent·e) a commenté une décision" in message.body
    assert "D'accord, si la CAF suit." in message.body
    # Shown on the decision's page and on the meeting's, with author and date.
    for page in (elu.get(_url(world, decision)), elu.get(reverse(
        "governance:meeting_detail", args=[world.a.uuid, decision.meeting.uuid]
    ))):  # fmt: skip
        html = page.content.decode()
        assert "D&#x27;accord, si la CAF suit." in html
        assert world.users["elu"].full_name in html
        assert timezone.localtime(comment.created_at).strftime("le %d/%m/%Y à %H:%M") in html


def test_the_cdc_s_own_comment_sends_no_e_mail_to_the_cdc(world):
    decision = _decision(world)
    services.decision_comment_add(decision=decision, by=world.users["cdc"], text="Noté.")
    assert not OutboxMessage.objects.exists()


def test_a_form_sent_twice_comments_once_and_an_empty_comment_is_refused_in_french(world):
    decision = _decision(world)
    url = _url(world, decision, "decision_comment_add")
    client = world.client("technicien")
    services.invitation_add(
        meeting=decision.meeting, by=world.users["cdc"], user=world.users["technicien"]
    )
    data = {"text": "Qui porte l'action ?", TOKEN_FIELD: "jeton-de-test-0123456789abcdef"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert DecisionComment.objects.count() == 1
    empty = client.post(url, {"text": "   "})
    assert empty.status_code == 200
    assert "Écrivez votre commentaire." in empty.content.decode()
    assert DecisionComment.objects.count() == 1


def test_the_author_corrects_then_deletes_and_the_history_keeps_both(world):
    decision = _decision(world)
    comment = services.decision_comment_add(
        decision=decision, by=world.users["elu"], text="Premier avis."
    )
    edit = _url(world, decision, "decision_comment_edit", comment.uuid)
    elu = world.client("elu")
    form = elu.get(edit).content.decode()
    assert 'name="version" value="1"' in form and "Premier avis." in form
    response = elu.post(edit, {"text": "Avis corrigé.", "version": "1"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Avis corrigé." and comment.edited_at is not None
    page = elu.get(_url(world, decision)).content.decode()
    assert "corrigé le" in page
    assert (
        elu.post(_url(world, decision, "decision_comment_delete", comment.uuid)).status_code == 302
    )
    assert not DecisionComment.objects.exists()
    history = elu.get(_url(world, decision)).content.decode()
    section = history[history.index('id="historique"') :]
    name = world.users["elu"].full_name
    for action in ("Création", "Modification", "Suppression"):
        assert f"<td>Commentaire de {name}</td><td>{action}</td>" in section
    # The words of a deleted comment are not shown again.
    assert "Avis corrigé." not in section


def test_a_correction_from_a_stale_form_is_refused_and_says_what_changed(world):
    decision = _decision(world)
    comment = services.decision_comment_add(decision=decision, by=world.users["elu"], text="Avis.")
    services.decision_comment_update(comment=comment, by=world.users["elu"], text="Avis précisé.")
    edit = _url(world, decision, "decision_comment_edit", comment.uuid)
    response = world.client("elu").post(edit, {"text": "Autre avis.", "version": "1"})
    assert response.status_code == 200
    assert "Rien n&#x27;a été enregistré" in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Avis précisé."


def test_only_the_author_corrects_or_deletes_a_comment(world):
    decision = _decision(world)
    comment = services.decision_comment_add(decision=decision, by=world.users["elu"], text="Avis.")
    edit = _url(world, decision, "decision_comment_edit", comment.uuid)
    delete = _url(world, decision, "decision_comment_delete", comment.uuid)
    for role in ("cdc", "cdt"):
        client = world.client(role)
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"text": "Réécrit."}).status_code == 403
        assert client.post(delete).status_code == 403
    with pytest.raises(PermissionDenied):
        services.decision_comment_delete(comment=comment, by=world.users["cdc"])
    comment.refresh_from_db()
    assert comment.text == "Avis."


def test_decisions_of_unpublished_minutes_are_neither_read_nor_commented_by_the_elu(world):
    decision = _decision(world, published=False)
    elu = world.client("elu")
    assert elu.get(_url(world, decision)).status_code == 403
    assert elu.post(_url(world, decision, "decision_comment_add"), {"text": "?"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.decision_comment_add(decision=decision, by=world.users["elu"], text="?")
    # The CDC, who manages the meeting, reads and comments them at once.
    assert world.client("cdc").get(_url(world, decision)).status_code == 200
    assert not DecisionComment.objects.exists()


def test_the_caf_reads_the_comments_but_only_the_referent_cdt_writes_some(world):
    decision = _decision(world)
    services.decision_comment_add(decision=decision, by=world.users["elu"], text="Avis de l'élu.")
    add = _url(world, decision, "decision_comment_add")
    conseiller = world.client("conseiller")
    page = conseiller.get(_url(world, decision)).content.decode()
    assert "Avis de l&#x27;élu." in page and "Publier le commentaire" not in page
    assert conseiller.post(add, {"text": "Et la MSA ?"}).status_code == 403
    assert world.client("cdt").post(add, {"text": "La Caf suivra."}).status_code == 302
    assert DecisionComment.objects.count() == 2


def test_a_member_of_another_ctg_or_who_does_not_see_the_meeting_gets_404(world):
    decision = _decision(world, kind="groupe_travail")
    comment = services.decision_comment_add(decision=decision, by=world.users["cdc"], text="Vu.")
    urls = [
        _url(world, decision),
        _url(world, decision, "decision_comment_edit", comment.uuid),
    ]
    for url in urls:
        # The CDC of CTG B; the technicien of CTG A, not invited to this working group.
        assert world.client("cdc_b").get(url).status_code == 404
        assert world.client("technicien").get(url).status_code == 404
    posted = world.client("cdc_b").post(
        _url(world, decision, "decision_comment_add"), {"text": "x"}
    )
    assert posted.status_code == 404
    assert DecisionComment.objects.count() == 1


def test_the_decision_s_history_lists_its_changes_and_its_comments(world):
    decision = _decision(world)
    services.decision_comment_add(decision=decision, by=world.users["elu"], text="Avis.")
    services.decision_update(
        decision=decision,
        by=world.users["cdc"],
        text=decision.text,
        status="en_cours",
        due_date=datetime.date(2027, 6, 30),
    )
    page = world.client("elu").get(_url(world, decision)).content.decode()
    section = page[page.index('id="historique"') :]
    assert "Statut : À faire → En cours" in section
    assert "Échéance : — → 30/06/2027" in section
    assert f"Commentaire de {world.users['elu'].full_name}" in section
