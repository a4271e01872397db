"""Figures of community corrections (社区矫正), DOMAIN §3.7."""
