"""``discover`` against hosted zones whose names cannot be Cloudflare zones (``..``, ``x..y.org``:
Route53's API and moto accept them), and a ``--snapshots`` folder outside the project. Found by a
new user's review: the first ended in a traceback from ``names.from_route53`` ("empty label"),
the second wrote a snapshot outside the project and a stack its settings then refused."""

from __future__ import annotations

from migration.sources import account, route53_api
from tests.support.cli import run

ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c354"


def _zones(route53, *names: str) -> list[str]:
    return [
        route53.create_hosted_zone(Name=name, CallerReference=f"ref-{n}")["HostedZone"]["Id"].rsplit("/", 1)[-1]
        for n, name in enumerate(names)
    ]


def test_zones_with_empty_labels_are_left_out_and_named(moto, project, monkeypatch, capsys):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.endpoint)
    dots, double, _ = _zones(moto.client("route53"), "..", "x..y.org.", "example.org.")
    found = account.public_zones(route53_api.client(endpoint_url=moto.endpoint))
    assert [z.name for z in found.zones] == ["example.org."]
    status, out, err = run(["discover"], capsys)
    assert (status, err) == (0, "")
    assert out.splitlines()[2:] == [
        f"left out: hosted zone {found.unusable[0].split(' ', 1)[0]} {found.unusable[0].split(' ', 1)[1]}; "
        "it cannot be a Cloudflare zone",
        f"left out: hosted zone {found.unusable[1].split(' ', 1)[0]} {found.unusable[1].split(' ', 1)[1]}; "
        "it cannot be a Cloudflare zone",
        "1 public hosted zone(s); 0 private zone(s) left out (never migrated); 1 page(s) read",
    ]
    assert sorted(found.unusable) == sorted(
        [f"{dots} '..': it has an empty label", f"{double} 'x..y.org.': it has an empty label"]
    )
    status, _, err = run(["discover", "--scaffold", double, "--cloudflare-account-id", ACCOUNT_ID], capsys)
    assert (status, err) == (
        2,
        f"error: {double} is left out: hosted zone {double} 'x..y.org.': it has an empty label\n",
    )
    assert not (project / "snapshots").exists()
    status, _, err = run(["discover", "--all", "--cloudflare-account-id", ACCOUNT_ID], capsys)
    assert (status, err) == (
        0,
        "example.org: wrote snapshots/example.org.json (2 record sets) and stacks/Pulumi.example.org.yaml\n",
    )


def test_a_snapshots_folder_outside_the_project_is_refused_before_anything_is_written(
    moto, project, monkeypatch, capsys
):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.endpoint)
    _zones(moto.client("route53"), "example.org.")
    outside = project.parent / "elsewhere"
    status, out, err = run(
        ["discover", "--scaffold", "example.org", "--cloudflare-account-id", ACCOUNT_ID, "--snapshots", "../elsewhere"],
        capsys,
    )
    assert (status, out, err) == (
        2,
        "",
        f"error: --snapshots ../elsewhere: {outside} is outside the project folder {project}; a stack's "
        "snapshot stays in the project (its settings refuse one outside it): give a folder under it, such as "
        "snapshots\n",
    )
    assert not outside.exists() and not (project / "stacks" / "Pulumi.example.org.yaml").exists()
