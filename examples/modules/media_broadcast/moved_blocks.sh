#!/bin/sh
# Prints the moved blocks that carry whatsapp_media_message instances keyed the
# old way (each recipient as it was written, for_each = toset(var.customers))
# to the keys this module uses (each person's canonical number, for_each =
# provider::whatsapp::normalize_recipients(...)), so the upgrade sends nothing.
#
# Run it in the root module's folder, where `terraform state list` works, with
# the address of the resource whose instances move:
#
#   sh ../modules/media_broadcast/moved_blocks.sh module.brochure.whatsapp_media_message.this > media_broadcast_moved.tf
#   terraform plan     # "has moved to" for each message, 0 to add
#
# It works the same for a for_each of your own, e.g. whatsapp_media_message.brochure.
# OpenTofu: TERRAFORM=tofu sh moved_blocks.sh ...
#
# A person who was listed twice in two formats has two messages in the old
# state and one key now: one of them moves, and the plan forgets the other
# (a destroy that sends nothing; the recipient keeps both messages).
#
# The old keys were accepted by the provider's `to` check, so dropping their
# formatting characters (+, spaces, dashes, dots, parentheses) gives exactly
# what provider::whatsapp::normalize_recipient returns.
set -eu

if [ "$#" -ne 1 ]; then
	echo "usage: $0 <resource address, e.g. module.brochure.whatsapp_media_message.this>" >&2
	exit 2
fi

addresses=$("${TERRAFORM:-terraform}" state list)

printf '%s\n' "$addresses" | awk -v prefix="$1[\"" '
index($0, prefix) == 1 && substr($0, length($0) - 1) == "\"]" {
	key = substr($0, length(prefix) + 1, length($0) - length(prefix) - 2)
	canonical = key
	gsub(/[+ ().-]/, "", canonical)
	if (key == canonical) {
		taken[canonical] = 1
	} else {
		n++
		keys[n] = key
		canon[n] = canonical
	}
}
END {
	resource = substr(prefix, 1, length(prefix) - 2)
	for (i = 1; i <= n; i++) {
		if (canon[i] in taken) {
			printf "# %s[\"%s\"] is the same person as [\"%s\"]: the plan forgets it, nothing is sent.\n\n", resource, keys[i], canon[i]
			continue
		}
		taken[canon[i]] = 1
		moved++
		printf "moved {\n  from = %s[\"%s\"]\n  to   = %s[\"%s\"]\n}\n\n", resource, keys[i], resource, canon[i]
	}
	if (moved == 0) {
		printf "# Nothing to move: every message of %s is keyed by its canonical number.\n", resource
	}
}'
